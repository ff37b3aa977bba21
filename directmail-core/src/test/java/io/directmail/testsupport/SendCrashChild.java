package io.directmail.testsupport;

import io.directmail.DirectMail;
import io.directmail.Mail;
import io.directmail.Receipt;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application the end-to-end crash test kills: a {@code DirectMail} on an embedded store
 * relaying to a loopback SMTP sink. In {@code send} mode it sends messages from many virtual
 * threads and prints each message id only after {@code send} returned — a promise the library
 * must keep after {@code kill -9}. In {@code recover} mode it sends nothing and delivers what the
 * store still holds, until it is killed.
 *
 * <p>Arguments: data directory, sink port, mode ({@code send} or {@code recover}), messages, threads.
 */
public final class SendCrashChild {

    private SendCrashChild() {
    }

    /**
     * Runs until killed, or until every message is sent and the parent closes standard input.
     *
     * @param args directory, port, mode, messages, threads
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        boolean send = args[2].equals("send");
        int messages = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true,
                StandardCharsets.US_ASCII);
        DirectMail directMail = DirectMail.newBuilder()
                .dataDirectory(dir)
                .transport("smtp://127.0.0.1:" + port + "?tls=disabled")
                .deliveryConcurrency(16)
                .schedulerTick(java.time.Duration.ofMillis(50))
                .build();
        out.println("ready");
        if (send) {
            AtomicInteger next = new AtomicInteger();
            Thread[] senders = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                senders[t] = Thread.ofVirtual().start(() -> {
                    int n;
                    while ((n = next.incrementAndGet()) <= messages) {
                        Receipt receipt = directMail.send(Mail.newBuilder().from("crash@example.com")
                                .addTo("sink" + (n % 10) + "@example.org").subject("message " + n)
                                .text("body of message " + n + "\n" + "x".repeat(1500)).build());
                        out.println("accepted " + receipt.messageId());
                    }
                });
            }
            for (Thread sender : senders) {
                sender.join();
            }
            out.println("all-sent");
        }
        // Deliver until the parent kills this process or closes our standard input.
        while (System.in.read() >= 0) {
            // keep reading
        }
        directMail.close();
    }
}
