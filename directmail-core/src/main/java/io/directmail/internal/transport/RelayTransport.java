package io.directmail.internal.transport;

import io.directmail.internal.smtp.SmtpClient;
import io.directmail.internal.smtp.SmtpTarget;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands every message to one smarthost ({@code smtp://} or {@code smtps://}), all recipients in
 * one transaction. The host name is resolved at each attempt so a changed address is followed.
 */
public final class RelayTransport implements Transport {

    private final String host;
    private final int port;
    private final SmtpClient client;
    private final String description;

    /**
     * Creates the transport.
     *
     * @param host the smarthost's name or address
     * @param port its port
     * @param client the SMTP client, set up with the relay's TLS policy and credentials (owned)
     * @param description how to name this transport in logs, without the password
     */
    public RelayTransport(String host, int port, SmtpClient client, String description) {
        this.host = host;
        this.port = port;
        this.client = client;
        this.description = description;
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) {
        List<SmtpTarget> targets = new ArrayList<>();
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                targets.add(new SmtpTarget(host, address, port));
            }
        } catch (UnknownHostException e) {
            return message.recipients().stream()
                    .map(r -> RecipientOutcome.temporary(r, host, "cannot resolve the relay host " + host + ": " + e.getMessage()))
                    .toList();
        }
        return client.deliver(targets, message);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
