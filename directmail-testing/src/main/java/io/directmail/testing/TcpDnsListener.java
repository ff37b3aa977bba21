package io.directmail.testing;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives DNS queries over TCP (RFC 7766: each message preceded by its two-octet length), one
 * virtual thread per connection, several queries per connection, and answers them through a
 * {@link DnsResponder}. Closing ends the accept loop and every open connection.
 */
final class TcpDnsListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpDnsListener.class);

    private final ServerSocket serverSocket;
    private final DnsResponder responder;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /**
     * Binds the listening socket; accepting starts with {@link #start()}.
     *
     * @throws IOException if the address cannot be bound
     */
    TcpDnsListener(InetSocketAddress address, DnsResponder responder) throws IOException {
        this.serverSocket = new ServerSocket();
        try {
            serverSocket.bind(address);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        this.responder = responder;
        this.acceptor = Thread.ofPlatform()
                .daemon()
                .name("loopback-dns-tcp-" + serverSocket.getLocalPort())
                .unstarted(this::accept);
    }

    void start() {
        acceptor.start();
    }

    private void accept() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.debug("TCP DNS accept failed", e);
                }
            } catch (RuntimeException e) { // rejected after close
                LOG.debug("TCP DNS connection not served", e);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = in.readNBytes(length);
                if (query.length < length) {
                    return;
                }
                Optional<byte[]> response = responder.respond(query, true);
                if (response.isPresent()) {
                    out.writeShort(response.get().length);
                    out.write(response.get());
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // the client is done
        } catch (IOException e) {
            LOG.debug("TCP DNS connection ended", e);
        } catch (RuntimeException e) {
            LOG.warn("could not answer a TCP DNS query", e);
        } finally {
            open.remove(socket);
        }
    }

    /** Stops accepting, closes every connection and waits (bounded) for the threads to end. */
    @Override
    public void close() {
        closeQuietly(serverSocket);
        open.forEach(TcpDnsListener::closeQuietly);
        connections.shutdownNow();
        try {
            if (acceptor.isAlive()) {
                acceptor.join(LoopbackDnsServer.SHUTDOWN_WAIT);
            }
            connections.awaitTermination(LoopbackDnsServer.SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", closeable, e);
        }
    }
}
