package io.directmail.internal.store.journal;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment file as seen by readers: its number, path and a shared read-only channel for
 * positional reads.
 *
 * <p>Thread-safe without locks on the read path. Readers {@link #tryRetain() retain} the segment
 * for the duration of a read; {@link #retire()} drops the journal's own reference, and the channel
 * closes when the last reader releases it, so compaction can delete a segment while reads are in
 * flight. A reader interrupted during a read closes a {@link FileChannel} for everyone (that is
 * how interruptible channels work); the segment then opens a fresh channel and other readers
 * retry.
 */
final class Segment {

    private static final int MAX_REOPENS = 8;

    private final long number;
    private final Path path;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile FileChannel channel;

    Segment(long number, Path path) throws IOException {
        this.number = number;
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    long number() {
        return number;
    }

    Path path() {
        return path;
    }

    /** {@return the current file size} */
    long size() {
        try {
            return readChannel().size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + path, e);
        }
    }

    /** {@return {@code true} if the caller may read and must {@link #release()} afterwards} */
    boolean tryRetain() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            closeChannel();
        }
    }

    private synchronized void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only channel: nothing can be lost by a failed close.
        }
    }

    /** Drops the journal's own reference: no new reads, the channel closes after the last one. */
    void retire() {
        release();
    }

    /**
     * Fills {@code dst} from the given file position; the caller holds a reference.
     *
     * @throws EOFException if the file ends first
     */
    void readFully(ByteBuffer dst, long position) throws IOException {
        int reopens = 0;
        long at = position;
        while (dst.hasRemaining()) {
            FileChannel ch = channel;
            try {
                int n = ch.read(dst, at);
                if (n < 0) {
                    throw new EOFException(path + " ends at " + at + ", before the expected end of a record");
                }
                at += n;
            } catch (ClosedByInterruptException e) {
                reopen(ch);
                throw e;
            } catch (AsynchronousCloseException e) {
                if (++reopens > MAX_REOPENS) {
                    throw e;
                }
                reopen(ch);
            }
        }
    }

    private FileChannel readChannel() throws IOException {
        FileChannel ch = channel;
        if (!ch.isOpen() && references.get() > 0) {
            reopen(ch);
            ch = channel;
        }
        return ch;
    }

    private synchronized void reopen(FileChannel broken) throws IOException {
        if (channel == broken && references.get() > 0) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
    }

    @Override
    public String toString() {
        return "segment " + number + " (" + path + ")";
    }
}
