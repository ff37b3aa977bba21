package io.directmail.internal.store.embedded;

import io.directmail.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import io.directmail.testsupport.StoreCrashChild;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        CountDownLatch enough = new CountDownLatch(1);
        CountDownLatch eof = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> readConfirmations(child, confirmed, enough, eof));
        try {
            boolean reached = enough.await(120, TimeUnit.SECONDS);
            assertThat(reached)
                    .as("the child confirmed %d messages within 120 s; stderr: %s", confirmed.size(), stderr())
                    .isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // Lines already in the pipe were printed after their add returned: they count too.
        assertThat(eof.await(30, TimeUnit.SECONDS)).isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(5));

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

    private static void readConfirmations(Process child, Set<String> confirmed, CountDownLatch enough,
                                          CountDownLatch eof) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("ready")) {
                    continue;
                }
                if (!line.startsWith("crash-")) {
                    throw new AssertionError("the child printed an unexpected line: " + line);
                }
                confirmed.add(line);
                if (confirmed.size() >= CONFIRMATIONS_BEFORE_KILL) {
                    enough.countDown();
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the child dies.
        } finally {
            eof.countDown();
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("child.err"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
