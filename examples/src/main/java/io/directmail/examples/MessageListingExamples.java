package io.directmail.examples;

import io.directmail.DirectMail;
import io.directmail.MessagePage;
import io.directmail.MessageQuery;
import io.directmail.MessageStatus;
import io.directmail.RecipientStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The message listing snippets the user guide quotes, each a method that compiles against the real
 * API. {@code MessageListingExamplesTest} runs them.
 */
public final class MessageListingExamples {

    private MessageListingExamples() {
    }

    /** Lists an account's receipts of one day, newest first, page by page: one line per recipient. */
    static List<String> receiptsOfTheDay(DirectMail directMail, String account, LocalDate day) {
        List<String> lines = new ArrayList<>();
        // tag::message-listing[]
        MessageQuery query = MessageQuery.newBuilder()
                .account(account)
                .from(day.atStartOfDay(ZoneOffset.UTC).toInstant())            // included
                .to(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())  // excluded
                .tag("receipt")                                   // leave out to list every tag
                .order(MessageQuery.Order.NEWEST_FIRST)           // OLDEST_FIRST unless set
                .limit(500)                                       // 100 unless set, at most 1,000
                .build();
        MessagePage page = directMail.messages(query);
        while (true) {
            for (MessageStatus message : page.messages()) {
                for (RecipientStatus recipient : message.recipients()) {
                    lines.add(message.acceptedAt() + " " + recipient.recipient() + ": " + recipient.status()
                            + " after " + recipient.attempts() + " attempt(s)"
                            + (recipient.lastReply() == null ? "" : ", last reply " + recipient.lastReply()));
                }
            }
            Optional<String> next = page.nextCursor();
            if (next.isEmpty()) {
                break;
            }
            page = directMail.messages(query.after(next.get()));
        }
        // end::message-listing[]
        return lines;
    }

    /** Answers one request of a paged web view: the cursor comes back from the client. */
    static MessagePage onePage(DirectMail directMail, String account, Instant from, Instant to, String cursor) {
        // tag::message-listing-cursor[]
        MessagePage page = directMail.messages(MessageQuery.newBuilder()
                .account(account).from(from).to(to)
                .limit(20)
                .after(cursor)   // null for the first page, else the nextCursor() the client was given
                .build());
        // end::message-listing-cursor[]
        return page;
    }
}
