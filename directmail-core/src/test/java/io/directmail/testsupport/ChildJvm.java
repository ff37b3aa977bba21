package io.directmail.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
