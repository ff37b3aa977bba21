package io.directmail.internal.store.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Damages journal files on purpose, the way crashes and failing disks do. */
final class JournalFileSurgery {

    private JournalFileSurgery() {}

    static Path segmentFile(Path dir, long segment) {
        return dir.resolve(String.format("%020d.log", segment));
    }

    static void truncate(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void appendBytes(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void flipByte(Path file, long offset) {
        overwrite(file, offset, new byte[] {(byte) (readByte(file, offset) ^ 0x40)});
    }

    static void overwrite(Path file, long offset, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte readByte(Path file, long offset) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            return one.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the segment files of a journal directory (not the lock) into a fresh directory. */
    static Path copyJournal(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (var files = Files.list(from)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes one frame by hand, with chosen flags, for writing batches a crash could leave. */
    static byte[] frame(long sequence, byte type, byte[] payload, int flags) {
        ByteBuffer b = ByteBuffer.allocate(RecordFrame.HEADER_SIZE + payload.length);
        RecordFrame.writeHeader(b, payload.length, RecordFrame.payloadCrc(type, ByteBuffer.wrap(payload)),
                sequence, type, flags);
        return b.put(payload).array();
    }
}
