package io.directmail.internal.store.embedded;

import io.directmail.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.StoreCrashChild;
import java.time.Duration;
import java.util.Optional;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM adds messages to an embedded store from many threads and prints each
 * id once {@code add} returned; the test kills it with SIGKILL mid-stream, reopens the store and
 * checks that every printed message is there, pending, with its content intact.
 */
class EmbeddedMailStoreCrashTest {

    private static final int CONFIRMATIONS_BEFORE_KILL = 3000;

    @TempDir
    Path dir;

    @Test
    void everyMessageWhoseAddReturned_isThereAfterKill9_pendingAndIntact() throws Exception {
        Path storeDir = dir.resolve("store");
        Process child = startChild(storeDir);
        Set<String> confirmed = ChildJvm.killAfter(child, CONFIRMATIONS_BEFORE_KILL, EmbeddedMailStoreCrashTest::confirmation,
                Duration.ofSeconds(120), dir.resolve("child.err"));

        List<String> problems = new ArrayList<>();
        int pending;
        try (MailStore store = MailStore.embedded(storeDir)) {
            List<String> ids = new ArrayList<>();
            store.forEachPending(m -> ids.add(m.messageId()));
            pending = ids.size();
            System.out.printf("store crash test: %d messages confirmed before SIGKILL, %d pending after restart%n",
                    confirmed.size(), pending);
            for (String id : confirmed) {
                StoredMessage found = store.find(id).orElse(null);
                if (found == null) {
                    problems.add(id + " is missing");
                } else if (!found.equals(StoreCrashChild.message(id))) {
                    problems.add(id + " came back as " + found);
                } else if (!Arrays.equals(store.content(id), StoreCrashChild.content(id))) {
                    problems.add(id + " has other content");
                } else if (store.findByIdempotencyKey("key-" + id, found.acceptedAt()).isEmpty()) {
                    problems.add(id + " lost its idempotency key");
                }
            }
            // Unconfirmed messages may be there too (durable, but killed before printing); they must be whole.
            for (String id : ids) {
                if (!Arrays.equals(store.content(id), StoreCrashChild.content(id))) {
                    problems.add(id + " (unconfirmed) has other content");
                }
            }
        }

        assertThat(problems).isEmpty();
        assertThat(confirmed).hasSizeGreaterThanOrEqualTo(CONFIRMATIONS_BEFORE_KILL);
        assertThat(pending).isGreaterThanOrEqualTo(confirmed.size());
    }

    private Process startChild(Path storeDir) throws IOException {
        return ChildJvm.start(StoreCrashChild.class, List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                List.of(storeDir.toString(), "64"), dir.resolve("child.err"));
    }

    private static Optional<String> confirmation(String line) {
        if (line.equals("ready")) {
            return Optional.empty();
        }
        if (!line.startsWith("crash-")) {
            throw new AssertionError("the child printed an unexpected line: " + line);
        }
        return Optional.of(line);
    }
}
