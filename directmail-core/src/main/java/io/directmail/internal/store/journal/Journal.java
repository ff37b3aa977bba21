package io.directmail.internal.store.journal;

import io.directmail.DirectMailException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only, checksummed journal of records in a directory of segment files, with group
 * commit: the storage engine under the embedded mail store.
 *
 * <p><b>Durability.</b> {@link #append(byte, ByteBuffer)} returns only after the record is on
 * stable storage ({@code fsync}), and the directory entry of the segment holding it was forced
 * when the segment was created. Concurrent appends are written together by one writer thread
 * and share one {@code fsync}. The blocking {@code append} waits without a timeout, because it
 * must not return before the record is durable; it ignores interrupts while waiting and restores
 * the interrupt status afterwards. It always ends: the writer completes every queued append with
 * a location or a {@link JournalWriteException}, including at {@link #close()}.
 *
 * <p><b>Reading.</b> {@link #read(RecordLocation)} is a positional read with no journal-wide
 * lock. Only locations are meant to stay in memory; bodies are read back when needed.
 *
 * <p><b>Recovery.</b> {@link #open(Path, JournalOptions, RecordVisitor)} replays every record to
 * the visitor in one streaming pass, drops a torn tail left by a crash (with a warning that gives
 * the counts) and refuses unexplained damage with a {@link JournalCorruptedException} naming the
 * file and offset, unless {@link JournalOptions#salvage()} is on. See {@link JournalRecovery}.
 *
 * <p><b>Disk use.</b> {@link #compact(LivenessOracle)} deletes dead sealed segments and rewrites
 * mostly dead ones; it may run while appends continue.
 *
 * <p>Thread-safe. One journal per directory: a lock file keeps a second process (or a second
 * journal in this process) out. Not a public API.
 */
public final class Journal implements AutoCloseable {

    private final SegmentDirectory dir;
    private final JournalOptions options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ConcurrentNavigableMap<Long, Segment> segments;
    private final GroupCommitWriter writer;
    private final Compactor compactor;
    private final ReentrantLock compacting = new ReentrantLock();
    private volatile boolean closed;

    private Journal(SegmentDirectory dir, JournalOptions options, FileChannel lockChannel, FileLock lock,
                    ConcurrentNavigableMap<Long, Segment> segments, GroupCommitWriter writer) {
        this.dir = dir;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.segments = segments;
        this.writer = writer;
        this.compactor = new Compactor(this, dir, segments, writer, options);
    }

    /**
     * Opens the journal in a directory, creating the directory and the first segment if needed.
     *
     * @param directory the journal's directory
     * @param options how the journal behaves
     * @return the open journal
     * @throws JournalCorruptedException if a segment is damaged in a way a crash cannot explain
     * @throws DirectMailException if the directory is in use or cannot be read or written
     */
    public static Journal open(Path directory, JournalOptions options) {
        return open(directory, options, (location, sequence, type, payload) -> {});
    }

    /**
     * Opens the journal in a directory and replays every intact record to {@code visitor}, in
     * file order, before returning. If this throws, the visitor may have seen a part of the
     * records; discard what it built.
     *
     * @param directory the journal's directory
     * @param options how the journal behaves
     * @param visitor receives each record once
     * @return the open journal, ready for appends
     * @throws JournalCorruptedException if a segment is damaged in a way a crash cannot explain
     * @throws DirectMailException if the directory is in use or cannot be read or written
     */
    public static Journal open(Path directory, JournalOptions options, RecordVisitor visitor) {
        FileChannel lockChannel = null;
        List<Segment> opened = new ArrayList<>();
        try {
            SegmentDirectory dir = new SegmentDirectory(directory);
            lockChannel = FileChannel.open(directory.resolve("journal.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, directory);
            JournalRecovery.Recovered state = new JournalRecovery(dir, options.salvage(), visitor).run();
            List<Long> numbers = state.segments();
            long last;
            long end;
            if (numbers.isEmpty()) {
                last = dir.list().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
                dir.create(last).close();
                numbers = List.of(last);
                end = SegmentHeader.SIZE;
            } else {
                last = numbers.getLast();
                end = state.lastSegmentEnd();
            }
            ConcurrentNavigableMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
            for (long n : numbers) {
                Segment s = new Segment(n, dir.file(n));
                opened.add(s);
                segments.put(n, s);
            }
            GroupCommitWriter writer = new GroupCommitWriter(dir, segments, last, end, state.nextSequence(), options);
            return new Journal(dir, options, lockChannel, lock, segments, writer);
        } catch (IOException e) {
            opened.forEach(Segment::retire);
            closeQuietly(lockChannel);
            throw new DirectMailException("cannot open the journal in " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            opened.forEach(Segment::retire);
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path directory) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new DirectMailException("the journal in " + directory + " is already open (journal.lock is held)");
        }
        return lock;
    }

    /**
     * Appends a record and returns once it is durable. See the class description for waiting.
     *
     * @param type the application-defined record type
     * @param payload the record's bytes
     * @return where the record now lives
     * @throws JournalWriteException if the record could not be made durable
     * @throws IllegalStateException if the journal is closed
     */
    public RecordLocation append(byte type, byte[] payload) {
        return append(type, ByteBuffer.wrap(payload));
    }

    /**
     * Appends the remaining bytes of a buffer and returns once they are durable. The buffer's
     * position is not changed.
     *
     * @param type the application-defined record type
     * @param payload the record's bytes
     * @return where the record now lives
     * @throws JournalWriteException if the record could not be made durable
     * @throws IllegalStateException if the journal is closed
     */
    public RecordLocation append(byte type, ByteBuffer payload) {
        return await(appendAsync(type, payload));
    }

    /**
     * Queues a record and returns a future completed with its location once it is durable, or
     * exceptionally with a {@link JournalWriteException} or, after {@link #close()}, an
     * {@link IllegalStateException}. The buffer's remaining bytes must not change until then.
     * The future is completed on the journal's writer thread: attach anything heavier than
     * bookkeeping with the {@code ...Async} methods.
     *
     * @param type the application-defined record type
     * @param payload the record's bytes
     * @return the future location
     */
    public CompletableFuture<RecordLocation> appendAsync(byte type, ByteBuffer payload) {
        return writer.submit(type, payload, 0, 0);
    }

    /**
     * Reads a record's payload back, verifying its checksums.
     *
     * @param location a location returned by an append, a replay or a relocation
     * @return a fresh copy of the payload
     * @throws RecordNotFoundException if no record of that length starts there (for example
     *     because compaction moved it and deleted the segment)
     * @throws JournalCorruptedException if the record's checksums do not match
     * @throws DirectMailException if the read fails, for example because the thread was interrupted
     *     (other readers are not affected)
     * @throws IllegalStateException if the journal is closed
     */
    public byte[] read(RecordLocation location) {
        checkOpen();
        Segment s = segments.get(location.segment());
        if (s == null || !s.tryRetain()) {
            throw new RecordNotFoundException(location, "segment " + location.segment() + " does not exist");
        }
        try {
            return RecordReader.read(s, location);
        } catch (EOFException e) {
            throw new RecordNotFoundException(location, "the segment ends before the record does");
        } catch (ClosedByInterruptException e) {
            throw new DirectMailException("reading " + location + " from " + s.path() + " was interrupted", e);
        } catch (IOException e) {
            throw new DirectMailException("cannot read " + location + " from " + s.path() + ": " + e.getMessage(), e);
        } finally {
            s.release();
        }
    }

    /**
     * Streams every durable record to the visitor in file order, as at open time. Meant for a
     * quiet journal: records appended or moved by compaction during the replay may be missed.
     *
     * @param visitor receives each record once
     * @throws JournalCorruptedException if a segment is damaged (skipped with a warning under
     *     {@link JournalOptions#salvage()})
     */
    public void replay(RecordVisitor visitor) {
        checkOpen();
        GroupCommitWriter.Position position = writer.position();
        for (Map.Entry<Long, Segment> e : segments.headMap(position.segment(), true).entrySet()) {
            Segment s = e.getValue();
            if (!s.tryRetain()) {
                continue;
            }
            try {
                long end = s.number() == position.segment() ? position.durableEnd() : s.size();
                new SegmentReplay(s, end, options.salvage()).run(visitor);
            } catch (IOException ex) {
                throw new DirectMailException("cannot replay " + s.path() + ": " + ex.getMessage(), ex);
            } finally {
                s.release();
            }
        }
    }

    /**
     * Reclaims disk space from sealed segments; see {@link Compactor}. Appends and reads may go
     * on meanwhile; a second call waits for the first.
     *
     * @param oracle says which records are live and learns where copied records went
     * @return what was done
     * @throws JournalCorruptedException if a sealed segment is damaged
     */
    public CompactionResult compact(LivenessOracle oracle) {
        compacting.lock();
        try {
            checkOpen();
            return compactor.run(oracle);
        } catch (IOException e) {
            throw new DirectMailException("cannot compact the journal in " + dir.path() + ": " + e.getMessage(), e);
        } finally {
            compacting.unlock();
        }
    }

    /** {@return the bytes used by all segment files} */
    public long diskUsage() {
        long total = 0;
        for (Segment s : segments.values()) {
            if (s.tryRetain()) {
                try {
                    total += s.size();
                } catch (UncheckedIOException e) {
                    // Deleted by compaction meanwhile.
                } finally {
                    s.release();
                }
            }
        }
        return total;
    }

    /** {@return the segment numbers present, ascending; the last one is the active segment} */
    public List<Long> segments() {
        return List.copyOf(segments.keySet());
    }

    /** {@return counters since open: records, bytes, batches and fsyncs} */
    public JournalMetrics metrics() {
        return writer.metrics();
    }

    /** {@return the journal's directory} */
    public Path directory() {
        return dir.path();
    }

    /** {@return the options the journal was opened with} */
    public JournalOptions options() {
        return options;
    }

    /**
     * Completes every queued append, stops the writer, closes all files and releases the lock.
     * Appends after this fail with {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        compacting.lock();
        try {
            closed = true;
            writer.close();
            segments.values().forEach(Segment::retire);
            segments.clear();
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel releases it as well.
            }
            closeQuietly(lockChannel);
        } finally {
            compacting.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the journal in " + dir.path() + " is closed");
        }
    }

    /** Waits for a durable append, ignoring interrupts until it completes, and unwraps failures. */
    static RecordLocation await(CompletableFuture<RecordLocation> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new JournalWriteException("append failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to save.
            }
        }
    }
}
