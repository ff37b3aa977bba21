package io.directmail.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpReplyTest {

    private static SmtpReply reply(String line) {
        return SmtpReply.parse(Integer.parseInt(line.substring(0, 3)), line.substring(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "421 4.7.0 Try again later, closing connection.",
        "421 4.3.2 Service shutting down",
        "451 4.7.1 Service unavailable",
        "450 4.7.0 Temporary policy rejection",
        "452 4.7.0 Temporarily deferred",
        "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages",
        "451 Rate limited, please slow down",
        "451 4.3.0 ratelimit exceeded",
        "450 Too many connections from your IP",
        "451 4.3.0 Please try again later",
        "450 4.2.0 Message throttled",
    })
    void throttlingReplies(String line) {
        assertThat(reply(line).isThrottling()).as(line).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "451 4.7.1 Greylisted, please try again later",
        "450 4.2.0 Recipient address rejected: Greylisted",
        "452 4.5.3 Too many recipients",
        "454 4.7.0 TLS not available due to local problem",
        "451 4.3.0 Temporary local problem",
        "450 4.2.0 Mailbox is moderated",
        "451 4.4.1 A separate problem",
        "550 5.7.1 Too many messages, rate limited",
        "250 2.0.0 Ok: rate 50",
    })
    void otherReplies(String line) {
        assertThat(reply(line).isThrottling()).as(line).isFalse();
    }
}
