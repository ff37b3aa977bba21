package io.directmail.testsupport;

import io.directmail.internal.store.journal.Journal;
import io.directmail.internal.store.journal.JournalOptions;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process a crash test kills: appends numbered records to a journal from many virtual
 * threads until it is killed, and prints each number on its own line only after the append
 * returned, that is, after the record is durable. Each line reaches the pipe in one write, so
 * a kill never leaves half a number. Every printed number is therefore a promise
 * the journal must keep after {@code kill -9}.
 *
 * <p>Arguments: journal directory, number of appending threads, segment size in bytes.
 */
public final class JournalCrashChild {

    /** The record type this child writes. */
    public static final byte TYPE = 7;
    /** Bytes of padding after the sequence number, so records are message-sized. */
    public static final int PADDING = 1000;

    private JournalCrashChild() {}

    /**
     * Runs until killed.
     *
     * @param args directory, threads, segment size
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long segmentSize = Long.parseLong(args[2]);
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true, StandardCharsets.US_ASCII);
        AtomicLong next = new AtomicLong();
        Journal journal = Journal.open(dir, JournalOptions.defaults().withSegmentSize(segmentSize));
        out.println("ready");
        Thread[] appenders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            appenders[t] = Thread.ofVirtual().start(() -> {
                while (true) {
                    long n = next.incrementAndGet();
                    journal.append(TYPE, record(n));
                    out.println(n);
                }
            });
        }
        for (Thread t : appenders) {
            t.join();
        }
    }

    /** {@return the payload of record {@code n}: the number, then padding derived from it} */
    public static ByteBuffer record(long n) {
        ByteBuffer b = ByteBuffer.allocate(8 + PADDING).putLong(n);
        while (b.hasRemaining()) {
            b.put((byte) (n * 31 + b.position()));
        }
        return b.flip();
    }
}
