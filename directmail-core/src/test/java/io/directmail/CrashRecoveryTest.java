package io.directmail;

import io.directmail.testsupport.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import io.directmail.testing.ReceivedMessage;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testsupport.SendCrashChild;
import java.util.Optional;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing accepted is ever lost: a real application process sends 10,000 messages through the
 * embedded store to a loopback sink, is killed with SIGKILL in the middle, and is started again on
 * the same data directory. Every message whose {@code send} returned must reach the sink; the only
 * duplicates allowed are messages that were in delivery at the moment of the kill.
 */
@Tag("integration")
class CrashRecoveryTest {

    private static final int MESSAGES = 10_000;
    private static final int KILL_AFTER = 4_000;
    private static final int CHILD_DELIVERY_CONCURRENCY = 16;
    private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: <([^>]+)>$");

    @TempDir
    Path dir;

    @Test
    void everyAcceptedMessageIsDeliveredAfterAKillNineAndARestart() throws Exception {
        try (ScriptedSmtpServer sink = ScriptedSmtpServer.newBuilder().extensions("PIPELINING", "8BITMIME").start()) {
            Set<String> accepted = ChildJvm.killAfter(start(sink.port(), "send"), KILL_AFTER,
                    line -> line.startsWith("accepted ") ? Optional.of(line.substring("accepted ".length())) : Optional.empty(),
                    Duration.ofSeconds(120), dir.resolve("send.err"));
            int deliveredBeforeKill = sink.messages().size();

            Process second = start(sink.port(), "recover");
            try {
                Map<String, Integer> received = awaitAll(sink, accepted, Duration.ofSeconds(120));
                int duplicates = received.values().stream().mapToInt(count -> count - 1).sum();
                System.out.printf("accepted before the kill: %d, delivered before the kill: %d, unique Message-IDs at the sink: %d,"
                        + " duplicates: %d%n", accepted.size(), deliveredBeforeKill, received.size(), duplicates);

                assertThat(received.keySet()).containsAll(accepted);
                assertThat(duplicates).as("duplicates are at most the messages in delivery at the kill")
                        .isLessThanOrEqualTo(CHILD_DELIVERY_CONCURRENCY);
                assertThat(sink.violations()).isEmpty();
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Map<String, Integer> awaitAll(ScriptedSmtpServer sink, Set<String> accepted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> received = new HashMap<>();
        int seen = 0;
        while (true) {
            List<ReceivedMessage> messages = awaitMore(sink, seen);
            for (ReceivedMessage message : messages.subList(seen, messages.size())) {
                Matcher id = MESSAGE_ID.matcher(message.dataAsString());
                if (id.find()) {
                    received.merge(id.group(1), 1, Integer::sum);
                }
            }
            seen = messages.size();
            if (received.keySet().containsAll(accepted) || System.nanoTime() > deadline) {
                return received;
            }
        }
    }

    /** Waits up to two seconds for a message beyond the first {@code seen}; returns what has arrived. */
    private static List<ReceivedMessage> awaitMore(ScriptedSmtpServer sink, int seen) {
        try {
            return sink.awaitMessages(seen + 1, Duration.ofSeconds(2));
        } catch (AssertionError nothingNew) {
            return sink.messages();
        }
    }

    private Process start(int port, String mode) throws IOException {
        return ChildJvm.start(SendCrashChild.class, List.of("-Xmx256m"),
                List.of(dir.resolve("data").toString(), String.valueOf(port), mode, String.valueOf(MESSAGES), "32"),
                dir.resolve(mode + ".err"));
    }

}
