package io.directmail.internal.smtp;

import io.directmail.transport.SmtpSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Authenticates with SASL PLAIN (RFC 4616, preferred) or LOGIN when credentials are configured
 * (RFC 4954). Refuses to send credentials without TLS unless the settings allow it. The secrets
 * never reach the log. Thread-safe.
 */
final class Authenticator {

    private final SmtpSettings settings;

    Authenticator(SmtpSettings settings) {
        this.settings = settings;
    }

    void authenticate(SmtpConnection connection) throws IOException, TargetFailure {
        if (settings.username().isEmpty()) {
            return;
        }
        String host = connection.target().hostname();
        if (!connection.isTls() && !settings.allowAuthWithoutTls()) {
            throw new TargetFailure("refusing to send credentials to " + host
                    + " over a connection without TLS (set tlsPolicy REQUIRED, or allowAuthWithoutTls for a trusted network)",
                    null, null);
        }
        String username = settings.username().orElseThrow();
        String password = settings.password().orElseThrow();
        var mechanisms = connection.extensions().authMechanisms();
        ServerReply reply;
        if (mechanisms.contains("PLAIN")) {
            String response = base64("\0" + username + "\0" + password);
            connection.writeSecret("AUTH PLAIN " + response, "AUTH PLAIN <credentials hidden>");
            connection.flush();
            reply = connection.readReply(settings.commandTimeout());
            if (reply.code() == 334) {
                reply = secret(connection, response, "<credentials hidden>");
            }
        } else if (mechanisms.contains("LOGIN")) {
            reply = connection.command("AUTH LOGIN", settings.commandTimeout());
            if (reply.code() == 334) {
                reply = secret(connection, base64(username), "<user name hidden>");
            }
            if (reply.code() == 334) {
                reply = secret(connection, base64(password), "<password hidden>");
            }
        } else {
            throw new TargetFailure(host + " offers no AUTH mechanism this client supports (PLAIN, LOGIN); it offers "
                    + (mechanisms.isEmpty() ? "none" : String.join(" ", mechanisms)), null, null);
        }
        if (reply.code() != 235) {
            throw new TargetFailure(host + " refused authentication: " + reply, reply.reply(), null);
        }
    }

    private ServerReply secret(SmtpConnection connection, String line, String shown) throws IOException {
        connection.writeSecret(line, shown);
        connection.flush();
        return connection.readReply(settings.commandTimeout());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
