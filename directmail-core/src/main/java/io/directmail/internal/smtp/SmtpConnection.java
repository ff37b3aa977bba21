package io.directmail.internal.smtp;

import io.directmail.transport.OutboundMessage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to an SMTP server: buffered streams, commands written with CRLF, replies
 * read with a deadline, message data written under a watchdog, and the session state learnt so far
 * (extensions, TLS, how many messages it carried).
 *
 * <p>Not thread-safe: one delivery uses a connection at a time (the pool hands it out).
 * Internal API.
 */
public final class SmtpConnection implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);
    private static final int DATA_BLOCK_OCTETS = 64 * 1024;

    private final SmtpTarget target;
    private final ScheduledExecutorService watchdog;
    private final int id;
    private Socket socket;
    private OutputStream out;
    private ReplyReader reader;
    private Extensions extensions = Extensions.NONE;
    private boolean tls;
    private int messagesSent;
    private Instant idleSince;
    private boolean broken;
    private boolean needsReset;

    private SmtpConnection(SmtpTarget target, Socket socket, ScheduledExecutorService watchdog, int id) throws IOException {
        this.target = target;
        this.watchdog = watchdog;
        this.id = id;
        attach(socket);
    }

    /**
     * Opens a TCP connection within the timeout.
     *
     * @param target where to connect
     * @param connectTimeout the limit for the TCP handshake
     * @param watchdog runs the timer that aborts a stuck data write
     * @param id a number that tells this connection apart in logs
     * @throws IOException if the connection cannot be established in time
     */
    public static SmtpConnection open(SmtpTarget target, Duration connectTimeout, ScheduledExecutorService watchdog, int id)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.address(), target.port()),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new SocketTimeoutException("connect to " + target.describe() + " timed out after " + connectTimeout);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        log.debug("[{}] connected to {}", id, target.describe());
        return new SmtpConnection(target, socket, watchdog, id);
    }

    private void attach(Socket newSocket) throws IOException {
        this.socket = newSocket;
        InputStream in = new BufferedInputStream(newSocket.getInputStream());
        this.out = new BufferedOutputStream(newSocket.getOutputStream(), DATA_BLOCK_OCTETS);
        this.reader = new ReplyReader(newSocket, in);
    }

    /** Returns the server this connection talks to. */
    public SmtpTarget target() {
        return target;
    }

    /** Returns the extensions of the last EHLO reply; none before EHLO or after HELO. */
    public Extensions extensions() {
        return extensions;
    }

    void extensions(Extensions value) {
        this.extensions = value;
    }

    /** Returns true when the session runs over TLS. */
    public boolean isTls() {
        return tls;
    }

    /** Returns how many transactions this connection has completed. */
    public int messagesSent() {
        return messagesSent;
    }

    void countMessage() {
        messagesSent++;
    }

    /** Returns true when a transaction began since the last RSET: the next one starts with RSET. */
    boolean needsReset() {
        return needsReset;
    }

    void startedTransaction() {
        needsReset = true;
    }

    void resetDone() {
        needsReset = false;
    }

    /** Returns when the connection was last returned to its pool, or null while in use. */
    Instant idleSince() {
        return idleSince;
    }

    void idleSince(Instant instant) {
        this.idleSince = instant;
    }

    /** Returns true once an I/O or protocol failure made this connection unusable. */
    public boolean isBroken() {
        return broken || socket.isClosed();
    }

    /** Marks the connection unusable; it will be closed instead of reused. */
    void markBroken() {
        broken = true;
    }

    /** Reads one reply within the timeout; a failure marks the connection broken. */
    public ServerReply readReply(Duration timeout) throws IOException {
        try {
            ServerReply reply = reader.read(timeout);
            log.debug("[{}] S: {}", id, reply);
            return reply;
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Buffers a command line; CRLF is appended. Call {@link #flush()} to send. */
    public void write(String command) throws IOException {
        log.debug("[{}] C: {}", id, command);
        writeLine(command);
    }

    /** Buffers a command that carries a secret; only {@code shownInLog} appears in the log. */
    public void writeSecret(String command, String shownInLog) throws IOException {
        log.debug("[{}] C: {}", id, shownInLog);
        writeLine(command);
    }

    private void writeLine(String command) throws IOException {
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command must not contain CR or LF");
        }
        try {
            out.write(command.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Sends what was buffered. */
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Sends one command and reads its reply within the timeout. */
    public ServerReply command(String command, Duration timeout) throws IOException {
        write(command);
        flush();
        return readReply(timeout);
    }

    /**
     * Writes the message content as SMTP data (normalised line endings, dot-stuffed, ended with
     * {@code CRLF.CRLF}) and flushes it. Each block of 64 KiB must leave within the timeout, or
     * the socket is closed and the write fails with a {@link SocketTimeoutException}.
     */
    public void writeData(OutboundMessage message, Duration blockTimeout) throws IOException {
        AtomicBoolean fired = new AtomicBoolean();
        OutputStream guarded = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ScheduledFuture<?> timer;
                try {
                    timer = watchdog.schedule(() -> {
                        fired.set(true);
                        closeQuietly();
                    }, blockTimeout.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    throw new IOException("the SMTP client was closed while sending", e);
                }
                try {
                    out.write(b, off, len);
                    out.flush();
                } finally {
                    timer.cancel(false);
                }
            }
        };
        try {
            DataEncoder encoder = new DataEncoder(guarded, DATA_BLOCK_OCTETS);
            message.writeTo(encoder);
            encoder.finish();
            log.debug("[{}] C: <{} octets of data> .", id, message.size());
        } catch (IOException e) {
            broken = true;
            if (fired.get()) {
                throw new SocketTimeoutException("writing message data stalled for longer than " + blockTimeout);
            }
            throw e;
        }
    }

    /**
     * Performs the TLS handshake over the current socket (after STARTTLS, or at once for implicit
     * TLS) and continues the session over TLS.
     */
    void upgradeToTls(TlsUpgrade upgrade, boolean verify, Duration handshakeTimeout) throws IOException {
        flush();
        SSLSocket secured = upgrade.handshake(socket, target, verify, handshakeTimeout);
        attach(secured);
        tls = true;
        extensions = Extensions.NONE;
        log.debug("[{}] TLS {} {} established{}", id, secured.getSession().getProtocol(),
                secured.getSession().getCipherSuite(), verify ? " (certificate verified)" : "");
    }

    /** Sends QUIT and waits briefly for its reply, then closes; never throws. */
    public void quit(Duration timeout) {
        if (!isBroken()) {
            try {
                command("QUIT", timeout);
            } catch (IOException e) {
                log.debug("[{}] QUIT failed: {}", id, e.toString());
            }
        }
        closeQuietly();
    }

    /** Closes the socket without QUIT. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        broken = true;
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("[{}] close failed: {}", id, e.toString());
        }
    }

    @Override
    public String toString() {
        return "SmtpConnection[" + id + " " + target.describe() + (tls ? " TLS" : "") + "]";
    }
}
