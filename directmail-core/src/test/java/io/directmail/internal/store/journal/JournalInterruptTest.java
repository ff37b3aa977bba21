package io.directmail.internal.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.DirectMailException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted caller must not break the journal for everyone else, nor lose its own record. */
class JournalInterruptTest {

    @TempDir
    Path dir;

    @Test
    void an_interrupted_append_still_completes_durably_and_keeps_the_interrupt() throws Exception {
        AtomicReference<RecordLocation> location = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            Thread caller = Thread.ofVirtual().unstarted(() -> {
                Thread.currentThread().interrupt();
                location.set(journal.append((byte) 1, "interrupted".getBytes(StandardCharsets.UTF_8)));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            caller.join();

            assertThat(stillInterrupted.get()).isTrue();
            assertThat(journal.read(location.get())).asString(StandardCharsets.UTF_8).isEqualTo("interrupted");
            assertThat(journal.append((byte) 1, new byte[1])).isNotNull();
        }
    }

    @Test
    void an_interrupted_reader_fails_alone_and_later_reads_work() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Journal journal = Journal.open(dir, JournalOptions.defaults())) {
            RecordLocation location = journal.append((byte) 1, "body".getBytes(StandardCharsets.UTF_8));
            Thread reader = Thread.ofVirtual().unstarted(() -> {
                Thread.currentThread().interrupt();
                try {
                    journal.read(location);
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            reader.start();
            reader.join();

            assertThat(failure.get()).isInstanceOf(DirectMailException.class).hasMessageContaining("interrupted");
            assertThat(journal.read(location)).asString(StandardCharsets.UTF_8).isEqualTo("body");
        }
    }

    @Test
    void reads_after_close_are_refused() {
        Journal journal = Journal.open(dir, JournalOptions.defaults());
        RecordLocation location = journal.append((byte) 1, new byte[1]);
        journal.close();

        assertThatThrownBy(() -> journal.read(location)).isInstanceOf(IllegalStateException.class);
    }
}
