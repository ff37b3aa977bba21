package io.directmail.internal.stats;

import io.directmail.stats.DeliveryStatistics;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.MailStore;
import java.time.Clock;

/**
 * One node's statistics on a store, wired as the engine wires them: what it counts, how that
 * reaches the store, and the queries.
 */
final class StatisticsNode {

    final StatisticsRecorder recorder;
    final StoredStatistics stored;
    final DeliveryStatistics statistics;

    StatisticsNode(MailStore store, StatisticsOptions options, Clock clock) {
        recorder = new StatisticsRecorder(options, clock);
        stored = new StoredStatistics(store, recorder, clock.instant());
        stored.noteStoredNames();
        statistics = new StatisticsQueries(recorder, stored);
    }

    StatisticsNode(MailStore store, Clock clock) {
        this(store, StatisticsOptions.defaults(), clock);
    }
}
