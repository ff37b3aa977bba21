package io.directmail.internal.smtp;

import io.directmail.transport.SmtpReply;
import java.util.List;

/**
 * A complete, possibly multi-line, server reply: the parsed {@link SmtpReply} and the text of
 * each line after its code (needed for the EHLO keyword list).
 *
 * @param reply the parsed reply
 * @param lines the text of each line, without code and separator
 */
public record ServerReply(SmtpReply reply, List<String> lines) {

    /** Copies the lines. */
    public ServerReply {
        lines = List.copyOf(lines);
    }

    /** Returns the three-digit code. */
    public int code() {
        return reply.code();
    }

    /** Returns true for a 2xx reply. */
    public boolean isCompletion() {
        return reply.code() >= 200 && reply.code() < 300;
    }

    @Override
    public String toString() {
        return reply.toString();
    }
}
