package io.directmail.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts a main class of the test class path in a JVM of its own — the same {@code java} binary
 * and class path as the running tests — so that a crash test can kill it with SIGKILL
 * ({@link Process#destroyForcibly()}) and look at what it left on disk.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts the child; its standard output is the returned process's input stream, its standard
     * error goes to a file (for the test's failure message).
     *
     * @param mainClass the class whose {@code main} runs
     * @param jvmOptions options for the child JVM, such as {@code -Xmx64m}
     * @param arguments the arguments of {@code main}
     * @param stderr where the child's standard error goes
     * @return the running child
     * @throws IOException if it cannot be started
     */
    public static Process start(Class<?> mainClass, List<String> jvmOptions, List<String> arguments, Path stderr)
            throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    /**
     * Reads the child's standard output until it has printed {@code count} confirmations, then
     * kills it with SIGKILL and returns every confirmation it printed, including those still in
     * the pipe at the kill (they were printed after their work was durable, so they count too).
     *
     * @param child the running child
     * @param count how many confirmations to wait for before the kill
     * @param confirmation turns a line into a confirmation, or empty for a line to skip; throws
     *     an {@link AssertionError} for a line that should never appear
     * @param timeout how long to wait for the confirmations
     * @param stderr the child's standard error file, shown when it falls short
     * @return the confirmations, a thread-safe set
     * @throws InterruptedException if interrupted while waiting
     */
    public static <T> Set<T> killAfter(Process child, int count, Function<String, Optional<T>> confirmation,
            Duration timeout, Path stderr) throws InterruptedException {
        Set<T> confirmed = ConcurrentHashMap.newKeySet();
        CountDownLatch enough = new CountDownLatch(1);
        CountDownLatch eof = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    confirmation.apply(line).ifPresent(confirmed::add);
                    if (confirmed.size() >= count) {
                        enough.countDown();
                    }
                }
            } catch (IOException e) {
                // The pipe breaks when the child dies.
            } finally {
                eof.countDown();
            }
        });
        try {
            if (!enough.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the child confirmed " + confirmed.size() + " of " + count + " within " + timeout
                        + "; its standard error: " + read(stderr));
            }
        } finally {
            child.destroyForcibly();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the killed child did not exit within 30 s");
            }
        }
        if (!eof.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the killed child's output did not end within 30 s");
        }
        reader.join(Duration.ofSeconds(5));
        return confirmed;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
