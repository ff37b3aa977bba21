package io.directmail.testsupport;

import io.directmail.DeliveryStatus;
import io.directmail.EmailAddress;
import io.directmail.RecipientStatus;
import io.directmail.store.MailStore;
import io.directmail.store.StoredMessage;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process the store's crash test kills: adds 2 KB messages to an embedded store from many
 * virtual threads until it is killed, and prints each message id on its own line only after
 * {@code add} returned. Every printed id is a promise the store must keep after {@code kill -9}.
 *
 * <p>Arguments: store directory, number of adding threads.
 */
public final class StoreCrashChild {

    /** Octets of each message's content. */
    public static final int CONTENT_SIZE = 2048;

    private StoreCrashChild() {}

    /**
     * Runs until killed.
     *
     * @param args directory, threads
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true, StandardCharsets.US_ASCII);
        AtomicLong next = new AtomicLong();
        MailStore store = MailStore.embedded(dir);
        out.println("ready");
        Thread[] adders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            adders[t] = Thread.ofVirtual().start(() -> {
                while (true) {
                    String id = id(next.incrementAndGet());
                    store.add(message(id), content(id));
                    out.println(id);
                }
            });
        }
        for (Thread t : adders) {
            t.join();
        }
    }

    /** {@return the id of the n-th message} */
    public static String id(long n) {
        return "crash-" + n + "@sender.example";
    }

    /** {@return the metadata the child stores for a message} */
    public static StoredMessage message(String id) {
        Instant at = Instant.ofEpochSecond(1_770_000_000L);
        return new StoredMessage(id, at, EmailAddress.of("bounces@sender.example"),
                List.of(new RecipientStatus(EmailAddress.of("rcpt@recipient.example"), DeliveryStatus.QUEUED, 0, null, null,
                        null, at)),
                at, null, "key-" + id, CONTENT_SIZE, false, false);
    }

    /** {@return the content the child stores for a message: derived from its id} */
    public static byte[] content(String id) {
        byte[] content = new byte[CONTENT_SIZE];
        byte[] head = ("Message-ID: <" + id + ">\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, content, 0, head.length);
        for (int i = head.length; i < content.length; i++) {
            content[i] = (byte) ('a' + Math.floorMod(id.hashCode() + i, 26));
        }
        return content;
    }
}
