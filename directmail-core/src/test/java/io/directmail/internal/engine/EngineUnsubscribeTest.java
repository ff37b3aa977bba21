package io.directmail.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.directmail.DeliveryEvent;
import io.directmail.DeliveryListener;
import io.directmail.EmailAddress;
import io.directmail.Limits;
import io.directmail.RetryPolicy;
import io.directmail.UnsubscribeEvent;
import io.directmail.internal.account.AccountRegistry;
import io.directmail.internal.account.StoredModel;
import io.directmail.internal.stats.StatisticsRecorder;
import io.directmail.internal.throttle.AccountRates;
import io.directmail.stats.DailyCounts;
import io.directmail.stats.StatisticsOptions;
import io.directmail.store.MailStore;
import io.directmail.testsupport.SettableClock;
import io.directmail.transport.InMemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the engine does with an unsubscribe taken in elsewhere: count it and tell the listeners, nothing more. */
class EngineUnsubscribeTest {

    private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");

    private final SettableClock clock = new SettableClock(NOON);
    private final List<UnsubscribeEvent> unsubscribes = new CopyOnWriteArrayList<>();
    private final List<DeliveryEvent> deliveryEvents = new CopyOnWriteArrayList<>();

    private final DeliveryListener recording = new DeliveryListener() {
        @Override
        public void onEvent(DeliveryEvent event) {
            deliveryEvents.add(event);
        }

        @Override
        public void onUnsubscribe(UnsubscribeEvent event) {
            unsubscribes.add(event);
        }
    };
    private final DeliveryListener throwing = new DeliveryListener() {
        @Override
        public void onEvent(DeliveryEvent event) {
        }

        @Override
        public void onUnsubscribe(UnsubscribeEvent event) {
            throw new IllegalStateException("listener bug");
        }
    };
    private final DeliveryListener lambda = event -> deliveryEvents.add(event);

    private Engine engine(StatisticsRecorder statistics) {
        EngineConfig config = new EngineConfig(clock, new InMemoryTransport(), true, List.of(), List.of(throwing, lambda, recording),
                Limits.DEFAULT, null, 2, Duration.ofHours(24), Duration.ofSeconds(5), RetryPolicy.DEFAULT, Duration.ofMillis(50),
                MailStore.inMemory(), true, Duration.ofMinutes(5), new AccountRates(null, Map.of()), new AccountRegistry(null, clock, new StoredModel(MailStore.inMemory())));
        return new Engine(config, statistics);
    }

    @Test
    void anUnsubscribeIsCountedAndReachesEveryListener_pastOneThatThrows_andSuppressesNothing() {
        StatisticsRecorder statistics = new StatisticsRecorder(StatisticsOptions.defaults(), clock);
        EmailAddress reader = EmailAddress.of("reader@one.example");
        UnsubscribeEvent event = new UnsubscribeEvent(reader, "shop", "m1@shop.example", "news", NOON, "one-click link");
        try (Engine engine = engine(statistics)) {
            engine.unsubscribed(event);

            assertThat(unsubscribes).containsExactly(event);
            assertThat(deliveryEvents).isEmpty();
            assertThat(engine.suppression(reader)).isEmpty();
            assertThat(engine.statistics().byTag("shop", LocalDate.of(2026, 3, 10)))
                    .extracting(DailyCounts::tag, DailyCounts::unsubscribed, DailyCounts::requests)
                    .containsExactly(tuple("news", 1L, 0L));
        }
    }
}
