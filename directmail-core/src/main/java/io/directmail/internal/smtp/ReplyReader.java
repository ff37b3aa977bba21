package io.directmail.internal.smtp;

import io.directmail.transport.SmtpReply;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one SMTP reply (RFC 5321 §4.2), enforcing a deadline for the whole reply, a maximum line
 * length and a maximum number of lines so that a hostile or broken server cannot hold or flood
 * the client. A line ends with LF; a CR before it is dropped. Not thread-safe.
 */
final class ReplyReader {

    /** RFC 5321 §4.5.3.1.5 allows 512 octets; servers exceed it, so be generous but bounded. */
    static final int MAX_LINE_OCTETS = 4096;
    static final int MAX_LINES = 100;

    private final Socket socket;
    private final InputStream in;

    ReplyReader(Socket socket, InputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /**
     * Reads one reply within the timeout.
     *
     * @throws SocketTimeoutException if the reply does not complete in time
     * @throws SmtpProtocolException if the reply is malformed or too large
     * @throws IOException if the connection fails or closes
     */
    ServerReply read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine(deadline, timeout);
            if (line.length() < 3 || !isDigits(line.substring(0, 3))
                    || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new SmtpProtocolException("malformed reply line: " + abbreviate(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new SmtpProtocolException("reply code changed within a multi-line reply: " + code + " then " + lineCode);
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            boolean last = line.length() == 3 || line.charAt(3) == ' ';
            if (last) {
                break;
            }
            if (lines.size() >= MAX_LINES) {
                throw new SmtpProtocolException("reply has more than " + MAX_LINES + " lines");
            }
        }
        if (code < 200 || code > 599) {
            throw new SmtpProtocolException("reply code out of range: " + code);
        }
        return new ServerReply(SmtpReply.parse(code, String.join(" ", lines).strip()), lines);
    }

    private String readLine(long deadline, Duration timeout) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new SocketTimeoutException("no complete reply within " + timeout);
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no complete reply within " + timeout);
            }
            if (b < 0) {
                throw new EOFException("connection closed by the server"
                        + (line.size() > 0 ? " in the middle of a reply line" : ""));
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_OCTETS) {
                throw new SmtpProtocolException("reply line longer than " + MAX_LINE_OCTETS + " octets");
            }
            line.write(b);
        }
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
