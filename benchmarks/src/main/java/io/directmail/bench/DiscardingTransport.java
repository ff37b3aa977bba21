package io.directmail.bench;

import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.util.List;

/** A transport that drops every message and reports each recipient delivered, without reading it. */
final class DiscardingTransport implements Transport {

    private static final SmtpReply OK = new SmtpReply(250, "2.0.0", "discarded");

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) {
        return message.recipients().stream().map(r -> RecipientOutcome.fromReply(r, OK, "discard")).toList();
    }
}
