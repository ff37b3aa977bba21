package io.directmail.internal.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.RecipientStatus;
import io.directmail.internal.store.StoreArguments;
import io.directmail.store.StoredMessage;
import io.directmail.transport.SmtpReply;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What the embedded store's replay reads of a pending message's metadata to put it in line: the
 * same lane, account and due time as the whole message decoded, for every combination of the
 * optional parts that come before them.
 */
class MessageCodecTest {

    private static final Instant ACCEPTED = Instant.parse("2026-03-01T08:00:00.123456789Z");
    private static final UnaryOperator<String> SAME = name -> name;

    @Test
    void scheduleOf_givesTheLaneAccountAndDueTime_ofTheDecodedMessage_whateverComesBeforeThem() {
        for (boolean returnPath : new boolean[] {false, true}) {
            for (boolean keyAndTag : new boolean[] {false, true}) {
                for (Instant next : new Instant[] {null, ACCEPTED.plusSeconds(300)}) {
                    for (Instant notBefore : new Instant[] {null, ACCEPTED.plusSeconds(3600).plusNanos(7)}) {
                        for (MailType lane : MailType.values()) {
                            for (String account : new String[] {Mail.DEFAULT_ACCOUNT, "acme-ünïcode"}) {
                                StoredMessage m = message(returnPath, keyAndTag, next, notBefore, lane, account);
                                byte[] meta = MessageCodec.encodeMeta(m);

                                MessageCodec.Schedule schedule = MessageCodec.scheduleOf(meta, SAME);

                                assertThat(schedule.lane()).as(m.toString()).isEqualTo(m.type());
                                assertThat(schedule.account()).as(m.toString()).isEqualTo(m.account());
                                assertThat(schedule.due()).as(m.toString()).isEqualTo(StoreArguments.dueOf(m));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void scheduleOf_keepsOneCopyOfEachAccountName_asTheCallerSays() {
        Map<String, String> names = new HashMap<>();
        UnaryOperator<String> shared = name -> names.computeIfAbsent(name, n -> n);
        byte[] first = MessageCodec.encodeMeta(message(true, true, null, null, MailType.BATCH, "acme"));
        byte[] second = MessageCodec.encodeMeta(message(false, false, null, null, MailType.BATCH, "acme"));

        assertThat(MessageCodec.scheduleOf(first, shared).account())
                .isSameAs(MessageCodec.scheduleOf(second, shared).account());
        assertThat(MessageCodec.scheduleOf(MessageCodec.encodeMeta(message(true, true, null, null, MailType.TRIGGER,
                Mail.DEFAULT_ACCOUNT)), shared).account()).isSameAs(Mail.DEFAULT_ACCOUNT);
    }

    @Test
    void scheduleOf_metadataCutShortBeforeTheAccountEnds_isRefused_andTheRecipientsAreNotNeeded() {
        StoredMessage m = message(true, true, ACCEPTED.plusSeconds(60), ACCEPTED.plusSeconds(30), MailType.BATCH, "acme");
        byte[] meta = MessageCodec.encodeMeta(m);
        MessageCodec.Schedule whole = MessageCodec.scheduleOf(meta, SAME);
        int shortestRead = -1;
        for (int length = 0; length <= meta.length; length++) {
            byte[] cut = Arrays.copyOf(meta, length);
            if (shortestRead < 0) {
                try {
                    assertThat(MessageCodec.scheduleOf(cut, SAME)).isEqualTo(whole);
                    shortestRead = length;
                } catch (IllegalArgumentException refused) {
                    assertThat(refused.getMessage()).containsAnyOf("ends before", "runs past");
                }
            } else {
                assertThat(MessageCodec.scheduleOf(cut, SAME)).as("cut at " + length).isEqualTo(whole);
            }
        }
        assertThat(shortestRead).as("the first octet after the account").isPositive().isLessThan(meta.length);
    }

    private static StoredMessage message(boolean returnPath, boolean keyAndTag, Instant next, Instant notBefore,
                                         MailType lane, String account) {
        List<RecipientStatus> recipients = List.of(
                new RecipientStatus(EmailAddress.of("one@recipient.example"), DeliveryStatus.DEFERRED, 1,
                        new SmtpReply(451, "4.7.1", "try again later"), "mx.recipient.example", "greylisted",
                        ACCEPTED.plusSeconds(1)),
                new RecipientStatus(EmailAddress.of("two@recipient.example"), DeliveryStatus.QUEUED, 0, null, null, null,
                        ACCEPTED));
        return new StoredMessage("m1@sender.example", ACCEPTED,
                returnPath ? EmailAddress.of("bounces@sender.example") : null, recipients, next,
                keyAndTag ? "welcome" : null, keyAndTag ? "key-1" : null, 100, false, false, lane, notBefore, account);
    }
}
