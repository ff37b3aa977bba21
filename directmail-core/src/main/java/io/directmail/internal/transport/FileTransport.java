package io.directmail.internal.transport;

import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import io.directmail.transport.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes each message to {@code <dir>/<message-id>.eml}, complete before it appears under that
 * name (written to a temporary file, then moved). A failed write is a temporary failure.
 */
public final class FileTransport implements Transport {

    private final Path directory;

    /** Creates the transport, creating the directory if needed. */
    public FileTransport(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the mail directory " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) {
        String name = message.messageId().replaceAll("[^A-Za-z0-9._@-]", "_");
        Path target = directory.resolve(name + ".eml");
        try {
            Path temp = Files.createTempFile(directory, ".incoming-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                message.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return message.recipients().stream()
                    .map(r -> RecipientOutcome.temporary(r, null, "cannot write " + target + ": " + e.getMessage()))
                    .toList();
        }
        SmtpReply ok = new SmtpReply(250, "2.0.0", "written to " + target);
        return message.recipients().stream().map(r -> RecipientOutcome.fromReply(r, ok, "file")).toList();
    }

    @Override
    public String toString() {
        return directory.toUri().toString();
    }
}
