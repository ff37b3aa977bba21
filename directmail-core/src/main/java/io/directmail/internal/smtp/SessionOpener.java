package io.directmail.internal.smtp;

import io.directmail.transport.SmtpSettings;
import io.directmail.transport.TlsPolicy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * Opens a session ready for mail transactions: TCP connect, implicit TLS if configured, the 220
 * greeting, EHLO (HELO when EHLO is refused with 5xx), STARTTLS per the {@link TlsPolicy} followed
 * by a second EHLO, and AUTH when credentials are configured. Any failure closes the connection and
 * becomes a {@link TargetFailure}. Thread-safe.
 */
final class SessionOpener {

    private final SmtpSettings settings;
    private final TlsUpgrade tlsUpgrade;
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger ids;
    private final Authenticator authenticator;

    SessionOpener(SmtpSettings settings, TlsUpgrade tlsUpgrade, ScheduledExecutorService watchdog, AtomicInteger ids) {
        this.settings = settings;
        this.tlsUpgrade = tlsUpgrade;
        this.watchdog = watchdog;
        this.ids = ids;
        this.authenticator = new Authenticator(settings);
    }

    SmtpConnection open(SmtpTarget target) throws TargetFailure {
        SmtpConnection connection;
        try {
            connection = SmtpConnection.open(target, settings.connectTimeout(), watchdog, ids.incrementAndGet());
        } catch (IOException e) {
            throw new TargetFailure("cannot connect to " + target.describe() + ": " + describe(e), null, e);
        }
        try {
            boolean verify = settings.tlsPolicy() == TlsPolicy.REQUIRED;
            if (settings.implicitTls()) {
                handshake(connection, verify);
            }
            ServerReply greeting = connection.readReply(settings.greetingTimeout());
            if (!greeting.isCompletion()) {
                throw new TargetFailure(target.hostname() + " refused the session at greeting: " + greeting,
                        greeting.reply(), null);
            }
            hello(connection);
            if (!connection.isTls() && settings.tlsPolicy() != TlsPolicy.DISABLED) {
                startTls(connection, verify);
            }
            authenticator.authenticate(connection);
            return connection;
        } catch (TargetFailure e) {
            connection.quit(quitTimeout(settings));
            throw e;
        } catch (IOException e) {
            connection.close();
            throw new TargetFailure("session with " + target.describe() + " failed: " + describe(e), null, e);
        }
    }

    private void hello(SmtpConnection connection) throws IOException, TargetFailure {
        ServerReply ehlo = connection.command("EHLO " + settings.heloName(), settings.commandTimeout());
        if (ehlo.isCompletion()) {
            connection.extensions(Extensions.parse(ehlo.lines()));
            return;
        }
        if (ehlo.reply().isPermanent()) {
            ServerReply helo = connection.command("HELO " + settings.heloName(), settings.commandTimeout());
            if (helo.isCompletion()) {
                connection.extensions(Extensions.NONE);
                return;
            }
            throw new TargetFailure(connection.target().hostname() + " refused HELO: " + helo, helo.reply(), null);
        }
        throw new TargetFailure(connection.target().hostname() + " refused EHLO: " + ehlo, ehlo.reply(), null);
    }

    private void startTls(SmtpConnection connection, boolean required) throws IOException, TargetFailure {
        String host = connection.target().hostname();
        if (!connection.extensions().startTls()) {
            if (required) {
                throw new TargetFailure("TLS is required but " + host + " does not offer STARTTLS", null, null);
            }
            return;
        }
        ServerReply reply = connection.command("STARTTLS", settings.commandTimeout());
        if (reply.code() != 220) {
            if (required || reply.code() == 421) {
                throw new TargetFailure(host + " refused STARTTLS: " + reply, reply.reply(), null);
            }
            return; // opportunistic: continue in plain text, the session is still in its EHLO state
        }
        handshake(connection, required);
        hello(connection);
    }

    private void handshake(SmtpConnection connection, boolean verify) throws TargetFailure {
        try {
            connection.upgradeToTls(tlsUpgrade, verify, settings.commandTimeout());
        } catch (IOException e) {
            connection.close();
            throw new TargetFailure("TLS handshake with " + connection.target().describe() + " failed"
                    + (verify ? " (certificate verification required)" : "") + ": " + describe(e), null, e);
        }
    }

    /** The wait for QUIT's reply: the command timeout, at most 10 seconds. */
    static Duration quitTimeout(SmtpSettings settings) {
        Duration cap = Duration.ofSeconds(10);
        return settings.commandTimeout().compareTo(cap) < 0 ? settings.commandTimeout() : cap;
    }

    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out (" + e.getMessage() + ")";
        }
        if (e instanceof SSLException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
