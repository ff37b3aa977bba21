package io.directmail.examples;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.account.SendingIdentities;
import io.directmail.batch.BatchProgress;
import io.directmail.batch.BatchRecord;
import io.directmail.batch.BatchRequest;
import io.directmail.batch.Batches;
import io.directmail.batch.InvalidUnsubscribeTokenException;
import io.directmail.batch.Unsubscribe;
import io.directmail.batch.UnsubscribeSettings;
import io.directmail.batch.UnsubscribeToken;
import io.directmail.batch.Unsubscribes;
import io.directmail.list.RecipientList;
import io.directmail.quota.QuotaExceededException;
import io.directmail.quota.QuotaLedger;
import io.directmail.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The snippets of the guide's page on batch mail and one-click unsubscribe, each a method that
 * compiles against the real API; {@code BatchExamplesTest} runs them.
 */
public final class BatchExamples {

    private BatchExamples() {
    }

    /** The unsubscribe links every batch message carries, signed with the application's secret key. */
    static UnsubscribeSettings unsubscribeSettings(byte[] secretKey) {
        // tag::unsubscribe-settings[]
        UnsubscribeSettings unsubscribe = UnsubscribeSettings.of(
                        "https://example.com/unsubscribe",                  // the application serves POST .../u/{token}
                        secretKey)                                          // 32 random octets or more, from a secret store
                .withMailto(EmailAddress.of("unsubscribe@example.com"));    // optional: a mailbox for unsubscribe mail
        // end::unsubscribe-settings[]
        return unsubscribe;
    }

    /** The batch sender of a DirectMail, keeping its batches in the instance's own store. */
    static Batches storedBatches(DirectMail directMail, UnsubscribeSettings unsubscribe) {
        // tag::batches-stored[]
        Batches batches = directMail.batches(unsubscribe);   // batches kept in the store, taken up after a restart
        // end::batches-stored[]
        return batches;
    }

    /** One Batches per DirectMail, taking up what was running before a restart. */
    static Batches batches(DirectMail directMail, SendingIdentities identities, Map<String, QuotaLedger> ledgers,
            UnsubscribeSettings unsubscribe, Consumer<BatchRecord> saveRecord, List<BatchRecord> savedRecords) {
        // tag::batches[]
        Batches batches = Batches.newBuilder(directMail)
                .senderCheck(identities::checkSendable)     // only the account's BATCH sender addresses
                .quota(ledgers::get)                         // each account's QuotaLedger
                .unsubscribe(unsubscribe)
                .journal(saveRecord)                         // keep the latest record of each batch
                .restore(savedRecords)                       // after a restart: running batches go on
                .build();
        // end::batches[]
        return batches;
    }

    /** Starts a newsletter to a stored list, or says why it cannot start. */
    static Optional<String> start(Batches batches, Template newsletter, RecipientList customers) {
        // tag::batch-start[]
        BatchRequest request = BatchRequest.of(EmailAddress.of("news@example.com"), newsletter, customers)
                .withFromName("Example News")
                .withTag("2026-03-newsletter")
                .withSharedVariables(Map.of("month", "March"));   // a row's own value wins
        try {
            BatchProgress started = batches.start("shop-42", request);   // reserves quota for every row first
            return Optional.of(started.id());
        } catch (QuotaExceededException e) {
            // nothing was reserved or sent: the whole batch does not fit under today's cap
            System.err.println("needs " + e.requested() + " messages, " + (e.allowed() - e.taken()) + " left today");
            return Optional.empty();
        }
        // end::batch-start[]
    }

    /** Shows where a batch stands. */
    static BatchProgress report(Batches batches, String id) {
        // tag::batch-progress[]
        BatchProgress progress = batches.progress(id).orElseThrow();
        System.out.println(progress.state() + ": " + progress.queued() + " queued, " + progress.refused()
                + " refused, " + progress.remaining() + " to go"
                + (progress.failure() == null ? "" : " (stopped: " + progress.failure() + ")"));
        // end::batch-progress[]
        return progress;
    }

    /** Pauses a batch, resumes it, or cancels it. */
    static BatchProgress control(Batches batches, String id, String action) {
        // tag::batch-control[]
        BatchProgress after = switch (action) {
            case "pause" -> batches.pause(id);     // no row starts after it; returns once the row in flight is queued
            case "resume" -> batches.resume(id);   // goes on at the next row
            default -> batches.cancel(id);         // as pause, and the unused part of the quota reservation goes back
        };
        // end::batch-control[]
        return after;
    }

    /** Takes unsubscribes, telling the application's own records of each. */
    static Unsubscribes unsubscribes(Batches batches, Consumer<Unsubscribe> crm) {
        // tag::unsubscribes[]
        Unsubscribes unsubscribes = batches.unsubscribes(crm);   // crm hears of each address once
        // end::unsubscribes[]
        return unsubscribes;
    }

    /** What the web application answers at {@code /unsubscribe/u/{token}}. */
    static String unsubscribePage(Unsubscribes unsubscribes, String method, String token) {
        // tag::unsubscribe-endpoint[]
        try {
            if (method.equals("POST")) {
                // the mailbox's one-click button, or the confirmation form below
                Unsubscribe done = unsubscribes.record(token);   // the account's batch mail stops; idempotent
                return "200 " + done.token().address() + " will get no more newsletters";
            }
            // GET: mail filters fetch links to scan them, so a GET must not unsubscribe; ask instead
            UnsubscribeToken link = unsubscribes.verify(token);
            return "200 unsubscribe " + link.address() + "? <form method=post>";
        } catch (InvalidUnsubscribeTokenException e) {
            return "404 unknown link";                         // forged, garbled or signed with another key
        }
        // end::unsubscribe-endpoint[]
    }

    /** Takes an unsubscribe that arrived as mail to the mailto address. */
    static boolean unsubscribeByMail(Unsubscribes unsubscribes, String subject) {
        // tag::unsubscribe-mail[]
        if (subject.startsWith(UnsubscribeSettings.MAILTO_SUBJECT_PREFIX)) {
            unsubscribes.record(subject.substring(UnsubscribeSettings.MAILTO_SUBJECT_PREFIX.length()));
            return true;
        }
        // end::unsubscribe-mail[]
        return false;
    }
}
