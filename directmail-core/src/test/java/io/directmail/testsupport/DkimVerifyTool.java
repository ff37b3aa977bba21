package io.directmail.testsupport;

import io.directmail.dkim.DkimKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks DKIM signatures with an independent verifier: {@code shared/tools/dkim-verify}, a small
 * script around Debian's {@code python3-dkim} (dkimpy), run as a child process with
 * {@code /usr/bin/python3}. The verifier looks the public keys up in a file written from the
 * given {@link DkimKey}s ({@link DkimKey#dnsName()} and {@link DkimKey#dnsTxtValue()}) instead of
 * in DNS. {@link #verifyEach} checks many messages with one start of the interpreter.
 *
 * <p>The script's path comes from the system property {@value #PATH_PROPERTY}, which the core
 * module's Surefire configuration sets; when it is missing (a test started from an IDE), the first
 * {@code shared/tools/dkim-verify} found in the working directory or one of its parents is used.
 * Each call writes the messages and the keys into a temporary directory, runs the script's
 * {@code main} once per message in one interpreter, and waits at most {@link #TIMEOUT} (plus
 * {@link #TIMEOUT_PER_MESSAGE} per message) for it.
 *
 * <p>Typical use in a test:
 * <pre>{@code
 * byte[] signed = signer.sign(message, Instant.parse("2026-11-26T08:00:00Z"));
 * DkimVerifyTool.assertPasses(signed, rsaKey, ed25519Key);
 * }</pre>
 *
 * <p>Stateless and safe to call from several threads.
 */
public final class DkimVerifyTool {
    /** The system property naming the {@code dkim-verify} script. */
    public static final String PATH_PROPERTY = "directmail.dkimVerify";
    /** The interpreter the script runs with; it must have the {@code dkim} module. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /**
     * Loads the verifier script once, without running it, and runs its {@code main} for every
     * message listed in a file, exactly as separate runs would; after each message it prints what
     * that run printed and a line {@code @@ INDEX EXIT-CODE}. Python's DNS modules are hidden: the
     * verifier reads keys from a file, never from DNS, and importing dnspython (which pulls in an
     * HTTP stack) costs about two seconds.
     */
    private static final String RUN_EACH_WITHOUT_DNS_MODULES = """
            import contextlib, io, runpy, sys
            sys.modules['dns'] = None
            sys.modules['DNS'] = None
            script, keys, listing = sys.argv[1:4]
            verifier = runpy.run_path(script, run_name='dkim_verify')
            for index, path in enumerate(open(listing, encoding='utf-8').read().splitlines()):
                captured = io.StringIO()
                sys.argv = [script, path, keys]
                with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
                    try:
                        code = verifier['main']()
                    except Exception as error:
                        print('  error: %r' % (error,))
                        code = 1
                sys.stdout.write(captured.getvalue())
                sys.stdout.write('@@ %d %d\\n' % (index, code))
            """;
    private static final String MARKER = "@@ ";
    /** The longest one verification may take before it counts as a failure. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How much longer a run of many messages may take, per message. */
    public static final Duration TIMEOUT_PER_MESSAGE = Duration.ofMillis(50);

    private DkimVerifyTool() {
    }

    /**
     * The verifier's verdict: its exit code and what it printed (standard output and standard
     * error, one line per element). For every signature it prints
     * {@code INDEX d=DOMAIN s=SELECTOR a=ALGORITHM h=SIGNED:HEADERS pass|FAIL}.
     *
     * @param exitCode 0 when the message has at least one signature and all of them pass
     * @param lines what the verifier printed
     */
    public record VerifyResult(int exitCode, List<String> lines) {
        /** Creates a result; the lines are copied. */
        public VerifyResult {
            lines = List.copyOf(lines);
        }

        /** Returns whether the message had signatures and every one of them passed. */
        public boolean passed() {
            return exitCode == 0;
        }

        /** Returns the lines that report one signature each, in the order of the signatures. */
        public List<String> signatureLines() {
            return lines.stream().filter(line -> line.matches("\\d+ d=.*")).toList();
        }

        /** Returns what the verifier printed, one line after another. */
        public String output() {
            return String.join("\n", lines);
        }
    }

    /**
     * Runs the verifier on {@code message} with {@code keys} as the only DNS records it can see.
     *
     * @param message the signed message in wire form
     * @param keys the keys whose public halves the verifier may use
     * @return the verdict
     * @throws AssertionError if the verifier cannot be started or does not finish in time
     */
    public static VerifyResult verify(byte[] message, Collection<DkimKey> keys) {
        return verifyEach(List.of(message), keys).getFirst();
    }

    /**
     * Runs the verifier on many messages in one process, which takes a fraction of a second per
     * hundred messages instead of an interpreter start per message: the script is loaded once and
     * its own {@code main} runs for each message, with the same arguments a separate run would get.
     *
     * @param messages the signed messages in wire form
     * @param keys the keys whose public halves the verifier may use
     * @return one verdict per message, in the order given
     * @throws AssertionError if the verifier cannot be started, does not finish within
     *     {@link #TIMEOUT} plus {@link #TIMEOUT_PER_MESSAGE} per message, or reports fewer verdicts
     */
    public static List<VerifyResult> verifyEach(List<byte[]> messages, Collection<DkimKey> keys) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("dkim-messages-");
            StringBuilder listing = new StringBuilder();
            for (int i = 0; i < messages.size(); i++) {
                Path file = directory.resolve(i + ".eml");
                Files.write(file, messages.get(i));
                listing.append(file).append('\n');
            }
            Path listingFile = Files.writeString(directory.resolve("messages.txt"), listing, StandardCharsets.UTF_8);
            Path keysFile = writeKeys(directory.resolve("keys.txt"), keys);
            Path outputFile = directory.resolve("output.txt");
            Duration timeout = TIMEOUT.plus(TIMEOUT_PER_MESSAGE.multipliedBy(messages.size()));
            Process process = new ProcessBuilder(PYTHON.toString(), "-c", RUN_EACH_WITHOUT_DNS_MODULES, script().toString(),
                    keysFile.toString(), listingFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("dkim-verify did not verify " + messages.size() + " messages within " + timeout);
            }
            List<VerifyResult> results = new ArrayList<>(messages.size());
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(outputFile, StandardCharsets.UTF_8)) {
                if (line.startsWith(MARKER)) {
                    results.add(new VerifyResult(Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1)), lines));
                    lines.clear();
                } else {
                    lines.add(line);
                }
            }
            if (results.size() != messages.size()) {
                throw new AssertionError("dkim-verify gave " + results.size() + " verdicts for " + messages.size()
                        + " messages (exit " + process.exitValue() + "):\n" + String.join("\n", lines));
            }
            return results;
        } catch (IOException e) {
            throw new AssertionError("cannot run dkim-verify (" + script() + " with " + PYTHON + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for dkim-verify", e);
        } finally {
            deleteTree(directory);
        }
    }

    /**
     * Asserts that every message has at least one DKIM signature and that every signature passes
     * the independent verifier with the given keys; see {@link #verifyEach}.
     *
     * @return the verdicts, in the order of the messages
     * @throws AssertionError naming how many failed, with the verifier's output and the header
     *     section of the first that failed
     */
    public static List<VerifyResult> assertEachPasses(List<byte[]> messages, DkimKey... keys) {
        List<VerifyResult> results = verifyEach(messages, List.of(keys));
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).passed()) {
                long failed = results.stream().filter(result -> !result.passed()).count();
                throw new AssertionError(failed + " of " + results.size() + " messages were rejected by dkim-verify; message "
                        + i + " (exit " + results.get(i).exitCode() + "):\n" + results.get(i).output()
                        + "\n--- message header section ---\n" + headerSection(messages.get(i)));
            }
        }
        return results;
    }

    /**
     * Asserts that the message has at least one DKIM signature and that every signature passes
     * the independent verifier with the given keys.
     *
     * @return the verdict, for further assertions such as on the signed header fields
     * @throws AssertionError with the verifier's output and the message's header section if not
     */
    public static VerifyResult assertPasses(byte[] message, DkimKey... keys) {
        VerifyResult result = verify(message, List.of(keys));
        if (!result.passed()) {
            throw new AssertionError("dkim-verify rejected the message (exit " + result.exitCode() + "):\n"
                    + result.output() + "\n--- message header section ---\n" + headerSection(message));
        }
        return result;
    }

    /**
     * Asserts that the independent verifier rejects the message: a signature fails, or there is
     * none.
     *
     * @return the verdict
     * @throws AssertionError with the verifier's output if every signature passes
     */
    public static VerifyResult assertFails(byte[] message, DkimKey... keys) {
        VerifyResult result = verify(message, List.of(keys));
        if (result.passed()) {
            throw new AssertionError("dkim-verify accepted a message it should reject:\n" + result.output());
        }
        return result;
    }

    /** Returns the path of the {@code dkim-verify} script. */
    public static Path script() {
        String configured = System.getProperty(PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path relative = Path.of("shared", "tools", "dkim-verify");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError("cannot find dkim-verify: set -D" + PATH_PROPERTY + "=/path/to/dkim-verify");
    }

    private static Path writeKeys(Path file, Collection<DkimKey> keys) throws IOException {
        StringBuilder records = new StringBuilder();
        for (DkimKey key : keys) {
            records.append(key.dnsName()).append('\t').append(key.dnsTxtValue()).append('\n');
        }
        return Files.writeString(file, records, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String headerSection(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end);
    }
}
