package io.directmail.internal.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's single writer: one thread that takes every append waiting in its queue, lays
 * them out in one reused direct buffer, writes them with as few {@code write} calls as the
 * buffer allows (one for a batch up to 1 MiB), forces the file once and only then completes
 * the appends' futures. Appenders that arrive while a force is in progress form the next batch,
 * so under load one {@code fsync} covers many records (group commit).
 *
 * <p>A batch larger than the buffer is written in several calls but still forced once. Why not a
 * gathering write of the callers' buffers: the JDK copies each heap buffer into a temporary
 * direct buffer for a gathering write anyway; one copy into one reused buffer is the same work
 * with one system call and no temporary buffers.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread. The writer thread is the only
 * one touching the write channel, so an interrupted appender cannot close it. Futures are
 * completed on the writer thread: non-async dependent actions run there and delay every append.
 */
final class GroupCommitWriter implements AutoCloseable {

    /**
     * Where durable data ends.
     *
     * @param segment the active segment
     * @param durableEnd the offset after its last forced record
     */
    record Position(long segment, long durableEnd) {}

    private record Pending(byte type, ByteBuffer payload, int crc, long sequence, int flags,
                           CompletableFuture<RecordLocation> future) {}

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 4096;
    private static final int STAGING_BYTES = 1024 * 1024;
    private static final Pending STOP = new Pending((byte) 0, ByteBuffer.allocate(0), 0, 0, 0, null);

    private final SegmentDirectory dir;
    private final ConcurrentNavigableMap<Long, Segment> segments;
    private final JournalOptions options;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private final Thread thread;

    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile Position position;

    // Written by the writer thread only; volatile so that metrics() sees them.
    private volatile long recordsAppended;
    private volatile long bytesAppended;
    private volatile long writeBatches;
    private volatile long fsyncs;

    // Writer thread only.
    private FileChannel channel;
    private long segment;
    private long writeEnd;
    private long nextSequence;

    GroupCommitWriter(SegmentDirectory dir, ConcurrentNavigableMap<Long, Segment> segments, long segment,
                      long end, long nextSequence, JournalOptions options) throws IOException {
        this.dir = dir;
        this.segments = segments;
        this.options = options;
        this.segment = segment;
        this.writeEnd = end;
        this.nextSequence = nextSequence;
        this.channel = FileChannel.open(dir.file(segment), StandardOpenOption.WRITE);
        this.channel.position(end);
        this.position = new Position(segment, end);
        this.thread = Thread.ofPlatform()
                .daemon(true)
                .name("directmail-journal-writer " + dir.path())
                .start(this::run);
    }

    /**
     * Queues a record. The payload's remaining bytes must not change until the future completes.
     *
     * @param sequence 0 to assign the next sequence number, or the original one for a copy
     */
    CompletableFuture<RecordLocation> submit(byte type, ByteBuffer payload, long sequence, int flags) {
        CompletableFuture<RecordLocation> future = new CompletableFuture<>();
        Throwable failed = failure;
        if (failed != null) {
            future.completeExceptionally(refused(failed));
            return future;
        }
        if (closed) {
            future.completeExceptionally(closedError());
            return future;
        }
        ByteBuffer bytes = payload.duplicate();
        Pending p = new Pending(type, bytes, RecordFrame.payloadCrc(type, bytes), sequence, flags, future);
        queue.add(p);
        // The writer sets closed or failure before its last drain of the queue; an append queued
        // after that drain sees the flag here and takes itself back, so no future is left behind.
        if ((closed || failure != null) && queue.remove(p)) {
            Throwable failedMeanwhile = failure;
            future.completeExceptionally(failedMeanwhile != null ? refused(failedMeanwhile) : closedError());
        }
        return future;
    }

    Position position() {
        return position;
    }

    JournalMetrics metrics() {
        return new JournalMetrics(recordsAppended, bytesAppended, writeBatches, fsyncs);
    }

    /**
     * Completes every queued append, then stops the writer thread and closes the file.
     *
     * @throws IllegalStateException if called on the writer thread itself, that is from a
     *     non-async action attached to an append's future: waiting for the writer there would
     *     wait forever
     */
    @Override
    public void close() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a journal cannot be closed from an action running on its writer thread; "
                    + "attach the action with an ...Async method");
        }
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        try {
            boolean stop = false;
            while (!stop) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                stop = batch.removeIf(p -> p == STOP);
                if (stop) {
                    queue.drainTo(batch);
                    batch.removeIf(p -> p == STOP);
                }
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
                batch.clear();
            }
        } catch (Throwable t) {
            // Unexpected (an Error, or an interrupt nobody should send): fail everything waiting,
            // so that no appender blocks forever, and refuse further appends.
            if (failure == null) {
                failure = t;
            }
            LOG.error("The journal writer for {} stopped; the journal refuses further appends", dir.path(), t);
            JournalWriteException error = refused(t);
            queue.drainTo(batch);
            batch.stream().filter(p -> p != STOP).forEach(p -> p.future().completeExceptionally(error));
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Every completed append was already forced.
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        Throwable failed = failure;
        if (failed != null) {
            batch.forEach(p -> p.future().completeExceptionally(refused(failed)));
            return;
        }
        RecordLocation[] locations = new RecordLocation[batch.size()];
        try {
            write(batch, locations);
        } catch (IOException | RuntimeException e) {
            failure = e;
            JournalWriteException error = new JournalWriteException(
                    "cannot make appends durable in " + dir.file(segment) + "; the journal refuses further appends", e);
            batch.forEach(p -> p.future().completeExceptionally(error));
            return;
        }
        for (int i = 0; i < locations.length; i++) {
            batch.get(i).future().complete(locations[i]);
        }
    }

    private void write(List<Pending> batch, RecordLocation[] locations) throws IOException {
        int n = batch.size();
        boolean[] rollBefore = plan(batch);
        long bytes = 0;
        staging.clear();
        for (int i = 0; i < n; i++) {
            if (rollBefore[i]) {
                flush();
                force();
                roll();
            }
            Pending p = batch.get(i);
            int length = p.payload().remaining();
            long sequence = p.sequence() > 0 ? p.sequence() : nextSequence++;
            boolean batchStart = i == 0 || rollBefore[i];
            boolean batchEnd = i == n - 1 || rollBefore[i + 1];
            int flags = p.flags()
                    | (batchStart ? RecordFrame.FLAG_BATCH_START : 0)
                    | (batchEnd ? RecordFrame.FLAG_BATCH_END : 0);
            if (staging.remaining() < RecordFrame.HEADER_SIZE) {
                flush();
            }
            RecordFrame.writeHeader(staging, length, p.crc(), sequence, p.type(), flags);
            ByteBuffer payload = p.payload().duplicate();
            while (payload.hasRemaining()) {
                if (!staging.hasRemaining()) {
                    flush();
                }
                int k = Math.min(staging.remaining(), payload.remaining());
                staging.put(staging.position(), payload, payload.position(), k);
                staging.position(staging.position() + k);
                payload.position(payload.position() + k);
            }
            locations[i] = new RecordLocation(segment, writeEnd, length);
            writeEnd += RecordFrame.HEADER_SIZE + (long) length;
            bytes += RecordFrame.HEADER_SIZE + (long) length;
        }
        flush();
        force();
        position = new Position(segment, writeEnd);
        recordsAppended += n;
        bytesAppended += bytes;
        writeBatches++;
    }

    /** {@return for each record, whether the active segment must be sealed before it} */
    private boolean[] plan(List<Pending> batch) {
        boolean[] rollBefore = new boolean[batch.size() + 1];
        long end = writeEnd;
        for (int i = 0; i < batch.size(); i++) {
            long frame = RecordFrame.HEADER_SIZE + (long) batch.get(i).payload().remaining();
            if (end > SegmentHeader.SIZE && end + frame > options.segmentSize()) {
                rollBefore[i] = true;
                end = SegmentHeader.SIZE;
            }
            end += frame;
        }
        return rollBefore;
    }

    private void flush() throws IOException {
        staging.flip();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }

    private void force() throws IOException {
        if (options.fsync()) {
            channel.force(false);
            fsyncs++;
        }
    }

    /** Seals the active segment (already forced) and starts the next one. */
    private void roll() throws IOException {
        long next = segment + 1;
        FileChannel created = dir.create(next);
        Segment readable = new Segment(next, dir.file(next));
        channel.close();
        channel = created;
        segment = next;
        writeEnd = SegmentHeader.SIZE;
        segments.put(next, readable);
        position = new Position(next, writeEnd);
    }

    private JournalWriteException refused(Throwable cause) {
        return new JournalWriteException(
                "the journal in " + dir.path() + " refuses appends after an earlier write failure", cause);
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("the journal in " + dir.path() + " is closed");
    }
}
