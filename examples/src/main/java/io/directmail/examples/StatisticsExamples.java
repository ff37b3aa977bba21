package io.directmail.examples;

import io.directmail.DeliveryEvent;
import io.directmail.DeliveryListener;
import io.directmail.DeliveryStatus;
import io.directmail.DirectMail;
import io.directmail.MessageStatus;
import io.directmail.RecipientStatus;
import io.directmail.UnsubscribeEvent;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics snippets the user guide quotes, each a method that compiles against the real API.
 * {@code StatisticsExamplesTest} runs them.
 */
public final class StatisticsExamples {

    private StatisticsExamples() {
    }

    /** A builder whose statistics days start at midnight in Shanghai. */
    static DirectMail.Builder shanghaiDays() {
        // tag::statistics-options[]
        StatisticsOptions options = StatisticsOptions.defaults()
                .withZone(ZoneId.of("Asia/Shanghai"))   // days start at midnight in Shanghai
                .withRetainedDays(90);                  // keep 90 days instead of 400
        DirectMail.Builder builder = DirectMail.newBuilder().statistics(options);
        // end::statistics-options[]
        return builder;
    }

    /** Prints the last seven days of an account, one line a day; returns the lines. */
    static List<String> lastWeek(DirectMail directMail, String account) {
        List<String> lines = new ArrayList<>();
        // tag::statistics-daily[]
        DeliveryStatistics statistics = directMail.statistics();
        LocalDate today = statistics.today();
        for (DailyCounts day : statistics.daily(account, today.minusDays(6), today)) {
            String rate = day.deliveryRate()                   // empty while nothing is decided
                    .map(r -> r.movePointRight(2).stripTrailingZeros().toPlainString() + " %")
                    .orElse("-");
            lines.add(day.day() + "  requested " + day.requests() + ", delivered " + day.delivered()
                    + ", failed " + day.failed() + " (" + day.invalidAddresses() + " invalid), rate " + rate);
        }
        // end::statistics-daily[]
        lines.forEach(System.out::println);
        return lines;
    }

    /** Returns the delivery rate of one tag over a range of days, and the busiest domains of today. */
    static Map<LocalDate, BigDecimal> breakdown(DirectMail directMail, String account, String tag) {
        Map<LocalDate, BigDecimal> rates = new TreeMap<>();
        // tag::statistics-breakdown[]
        DeliveryStatistics statistics = directMail.statistics();
        LocalDate today = statistics.today();
        for (DailyCounts day : statistics.daily(account, today.minusDays(29), today, tag)) {
            day.deliveryRate().ifPresent(rate -> rates.put(day.day(), rate));
        }
        for (DailyCounts domain : statistics.byDomain(account, today)) {      // busiest first
            System.out.println(domain.recipientDomain() + ": " + domain.delivered() + " of " + domain.requests());
        }
        for (DailyCounts byTag : statistics.byTag(account, today)) {
            String name = byTag.tag().equals(DailyCounts.UNTAGGED) ? "(no tag)" : byTag.tag();
            System.out.println(name + ": " + byTag.requests());
        }
        // end::statistics-breakdown[]
        return rates;
    }

    /** A listener that keeps bounces per account and tag, and hears unsubscribes. */
    static DeliveryListener bounceCounter(Map<String, LongAdder> bounces, List<UnsubscribeEvent> unsubscribes) {
        // tag::statistics-listener[]
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void onEvent(DeliveryEvent event) {
                if (event.type() == DeliveryStatus.BOUNCED) {
                    String key = event.account() + "/" + (event.tag() == null ? "-" : event.tag());
                    bounces.computeIfAbsent(key, k -> new LongAdder()).increment();
                }
            }

            @Override
            public void onUnsubscribe(UnsubscribeEvent event) {   // not a delivery status
                unsubscribes.add(event);
            }
        };
        // end::statistics-listener[]
        return listener;
    }

    /** Describes where each recipient of a message stands. */
    static List<String> messageDetail(DirectMail directMail, String messageId) {
        List<String> lines = new ArrayList<>();
        // tag::message-detail[]
        directMail.status(messageId).ifPresent((MessageStatus message) -> {
            lines.add(message.messageId() + " for " + message.account() + ", tag " + message.tag()
                    + ", accepted " + message.acceptedAt());
            for (RecipientStatus recipient : message.recipients()) {
                lines.add("  " + recipient.recipient() + ": " + recipient.status()
                        + " after " + recipient.attempts() + " attempt(s) at " + recipient.updatedAt()
                        + (recipient.lastReply() == null ? "" : ", last reply " + recipient.lastReply()));
            }
        });
        // end::message-detail[]
        return lines;
    }
}
