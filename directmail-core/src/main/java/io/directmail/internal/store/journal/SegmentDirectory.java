package io.directmail.internal.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The directory that holds a journal's segment files: naming, listing, creating and deleting
 * them so that the directory entries themselves survive a crash.
 *
 * <p>Segment files are named by their number, 20 decimal digits, and {@code .log}:
 * {@code 00000000000000000001.log}. Stateless apart from the path; safe for concurrent use.
 */
final class SegmentDirectory {

    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.log");

    private final Path dir;

    SegmentDirectory(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    Path path() {
        return dir;
    }

    Path file(long segment) {
        return dir.resolve(String.format("%020d.log", segment));
    }

    /** {@return the numbers of the segment files present, ascending} */
    List<Long> list() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
            for (Path file : files) {
                var m = NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Long.parseLong(m.group(1)));
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }

    /**
     * Creates a segment file holding only its header, forces it and then the directory, so that
     * both the file's name and its header are on stable storage when this returns.
     *
     * @return a channel positioned after the header, open for writing
     */
    FileChannel create(long segment) throws IOException {
        Path file = file(segment);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = SegmentHeader.encode(segment);
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
            sync();
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Deletes a segment file and forces the directory so the deletion is durable. */
    void delete(long segment) throws IOException {
        Files.deleteIfExists(file(segment));
        sync();
    }

    /** Renames a damaged segment out of the way ({@code .damaged}) and forces the directory. */
    Path setAside(long segment) throws IOException {
        Path file = file(segment);
        Path aside = file.resolveSibling(file.getFileName() + ".damaged");
        Files.move(file, aside);
        sync();
        return aside;
    }

    /**
     * Forces the directory itself, making created, deleted and renamed entries durable. Works on
     * Linux and macOS, where a directory can be opened for reading.
     */
    void sync() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
