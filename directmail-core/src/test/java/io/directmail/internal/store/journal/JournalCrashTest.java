package io.directmail.internal.store.journal;

import io.directmail.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.testsupport.JournalCrashChild;
import java.time.Duration;
import java.util.Optional;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM appends from many threads and confirms each record on stdout once
 * its append returned; the test kills it with SIGKILL mid-stream and checks that every confirmed
 * record is in the journal after reopening.
 */
class JournalCrashTest {

    private static final int CONFIRMATIONS_BEFORE_KILL = 3000;
    private static final long SEGMENT_SIZE = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void every_record_confirmed_before_kill_9_is_there_after_restart() throws Exception {
        Path journalDir = dir.resolve("journal");
        Process child = startChild(journalDir);
        Set<Long> confirmed = ChildJvm.killAfter(child, CONFIRMATIONS_BEFORE_KILL, JournalCrashTest::confirmation,
                Duration.ofSeconds(120), dir.resolve("child.err"));

        Set<Long> present = new java.util.HashSet<>();
        List<String> problems = new ArrayList<>();
        try (Journal journal = Journal.open(journalDir, JournalOptions.defaults().withSegmentSize(SEGMENT_SIZE),
                (location, sequence, type, payload) -> {
                    long n = payload.getLong(payload.position());
                    if (type != JournalCrashChild.TYPE || !payload.equals(JournalCrashChild.record(n))) {
                        problems.add("record " + n + " at " + location + " has the wrong content");
                    }
                    present.add(n);
                })) {
            System.out.printf("crash test: %d records confirmed before SIGKILL, %d present after restart, "
                    + "%d segments%n", confirmed.size(), present.size(), journal.segments().size());
            journal.append((byte) 1, new byte[] {1});
        }

        assertThat(problems).isEmpty();
        assertThat(confirmed).hasSizeGreaterThanOrEqualTo(CONFIRMATIONS_BEFORE_KILL);
        assertThat(present).containsAll(confirmed);
    }

    private Process startChild(Path journalDir) throws IOException {
        return ChildJvm.start(JournalCrashChild.class, List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                List.of(journalDir.toString(), "32", Long.toString(SEGMENT_SIZE)), dir.resolve("child.err"));
    }

    private static Optional<Long> confirmation(String line) {
        if (line.equals("ready")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(line));
        } catch (NumberFormatException e) {
            throw new AssertionError("the child printed an unexpected line: " + line, e);
        }
    }
}
