package io.directmail.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * Serves one connection of a {@link ScriptedSmtpServer}: a small SMTP state machine that consults
 * the server's script before each reply. Runs on its own virtual thread; not shared.
 */
final class ScriptedSmtpSession {

    private static final int MAX_LINE_OCTETS = 1000;
    private static final int MAX_VIOLATIONS = 100;

    /** Ends the session: dropped, stalled, closed by a 421 or by QUIT. */
    private static final class SessionEnd extends Exception {
        private static final long serialVersionUID = 1L;

        SessionEnd() {
            super(null, null, false, false);
        }
    }

    private final ScriptedSmtpServer server;
    private final ScriptedSmtpServer.Builder config;
    private final int id;
    private final Map<SmtpStage, Integer> counts = new EnumMap<>(SmtpStage.class);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean tls;
    private boolean greeted;
    private boolean noService;
    private String user;
    private String from;
    private String mailParameters;
    private final List<String> recipients = new ArrayList<>();
    private int violationCount;
    private int messageCount;

    ScriptedSmtpSession(ScriptedSmtpServer server, Socket socket, int id) {
        this.server = server;
        this.config = server.config();
        this.id = id;
        this.socket = socket;
    }

    void run() {
        try {
            attach(socket);
            if (config.implicitTls()) {
                handshake();
            }
            int greeting = reply(script(SmtpStage.GREETING, ""), "220 " + config.hostname() + " ESMTP ScriptedSmtpServer ready");
            noService = greeting >= 500;
            while (true) {
                String line = readCommandLine();
                boolean pipelined = in.available() > 0;
                server.record(new ReceivedCommand(id, line, pipelined, tls));
                int space = line.indexOf(' ');
                String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
                String argument = space < 0 ? "" : line.substring(space + 1);
                if (pipelined && !offers("PIPELINING")) {
                    violation("command " + verb + " was sent before the previous reply, but PIPELINING is not offered");
                }
                dispatch(verb, argument);
            }
        } catch (SessionEnd | IOException e) {
            // the session is over
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private void dispatch(String verb, String argument) throws IOException, SessionEnd {
        if (noService && !verb.equals("QUIT")) {
            write("503 5.5.1 No SMTP service here");  // RFC 5321 §3.1: after a 554 greeting only QUIT
            return;
        }
        switch (verb) {
            case "EHLO" -> ehlo(argument);
            case "HELO" -> helo(argument);
            case "STARTTLS" -> startTls();
            case "AUTH" -> auth(argument);
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument);
            case "DATA" -> data();
            case "RSET" -> {
                if (isPositive(reply(script(SmtpStage.RSET, argument), "250 2.0.0 OK"))) {
                    resetTransaction();
                }
            }
            case "NOOP" -> reply(script(SmtpStage.NOOP, argument), "250 2.0.0 OK");
            case "QUIT" -> {
                reply(script(SmtpStage.QUIT, argument), "221 2.0.0 Bye");
                throw new SessionEnd();
            }
            default -> write("500 5.5.2 Command not recognised: " + verb);
        }
    }

    private void ehlo(String argument) throws IOException, SessionEnd {
        ScriptRule rule = script(SmtpStage.EHLO, argument);
        List<String> lines = new ArrayList<>();
        lines.add(config.hostname() + " greets " + argument);
        lines.addAll(config.extensions());
        if (config.startTls() && !tls) {
            lines.add("STARTTLS");
        }
        if (config.username() != null) {
            lines.add("AUTH PLAIN LOGIN");
        }
        String[] defaults = new String[lines.size()];
        for (int i = 0; i < defaults.length; i++) {
            defaults[i] = "250" + (i == defaults.length - 1 ? " " : "-") + lines.get(i);
        }
        if (isPositive(reply(rule, defaults))) {
            greeted = true;
            resetTransaction();
        }
    }

    private void helo(String argument) throws IOException, SessionEnd {
        if (isPositive(reply(script(SmtpStage.HELO, argument), "250 " + config.hostname()))) {
            greeted = true;
            resetTransaction();
        }
    }

    private void startTls() throws IOException, SessionEnd {
        ScriptRule rule = script(SmtpStage.STARTTLS, "");
        if (rule == null && (tls || !config.startTls())) {
            write(tls ? "503 5.5.1 TLS already active" : "502 5.5.1 STARTTLS not offered");
            return;
        }
        if (in.available() > 0) {
            violation("input sent after STARTTLS before the TLS handshake (discarded)");
        }
        if (reply(rule, "220 2.0.0 Ready to start TLS") != 220) {
            return;
        }
        handshake();
        greeted = false;
        user = null;
        resetTransaction();
    }

    private void auth(String argument) throws IOException, SessionEnd {
        String[] parts = argument.strip().split(" +", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (config.username() == null) {
            write("502 5.5.1 AUTH not offered");
            return;
        }
        if (user != null) {
            write("503 5.5.1 Already authenticated");
            return;
        }
        String givenUser;
        String givenPassword;
        if (mechanism.equals("PLAIN")) {
            String response = parts.length > 1 ? parts[1] : challenge("");
            String[] fields = decode(response).split("\0", -1);
            givenUser = fields.length == 3 ? fields[1] : null;
            givenPassword = fields.length == 3 ? fields[2] : null;
        } else if (mechanism.equals("LOGIN")) {
            givenUser = decode(parts.length > 1 ? parts[1] : challenge("VXNlcm5hbWU6"));
            givenPassword = decode(challenge("UGFzc3dvcmQ6"));
        } else {
            write("504 5.5.4 Mechanism not supported: " + mechanism);
            return;
        }
        boolean valid = config.username().equals(givenUser) && config.password().equals(givenPassword);
        int code = reply(script(SmtpStage.AUTH, mechanism),
                valid ? "235 2.7.0 Authentication succeeded" : "535 5.7.8 Authentication credentials invalid");
        if (isPositive(code)) {
            user = givenUser;
        }
    }

    private String challenge(String text) throws IOException {
        write("334 " + text);
        String line = readCommandLine();
        server.record(new ReceivedCommand(id, line, false, tls));
        return line;
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private void mail(String argument) throws IOException, SessionEnd {
        ScriptRule rule = script(SmtpStage.MAIL, argument);
        String address = path(argument, "FROM:");
        String parameters = address == null ? "" : argument.substring(argument.indexOf('>') + 1).strip();
        String problem = null;
        if (!greeted) {
            problem = "503 5.5.1 Send EHLO or HELO first";
        } else if (config.username() != null && user == null) {
            problem = "530 5.7.0 Authentication required";
        } else if (from != null) {
            problem = "503 5.5.1 Nested MAIL command";
        } else if (address == null) {
            problem = "501 5.5.4 Syntax: MAIL FROM:<address>";
        } else if (tooLarge(parameters)) {
            problem = "552 5.3.4 Message size exceeds fixed maximum message size";
        }
        int code = reply(rule, problem != null ? problem : "250 2.1.0 Sender OK");
        if (isPositive(code)) {
            from = address == null ? "" : address;
            mailParameters = parameters;
            recipients.clear();
        }
    }

    private void rcpt(String argument) throws IOException, SessionEnd {
        ScriptRule rule = script(SmtpStage.RCPT, argument);
        String address = path(argument, "TO:");
        String problem = null;
        if (from == null) {
            problem = "503 5.5.1 Need MAIL before RCPT";
        } else if (address == null || address.isEmpty()) {
            problem = "501 5.5.4 Syntax: RCPT TO:<address>";
        } else if (rule == null && server.greylisted(from, address)) {
            problem = "451 4.7.1 Greylisted, please try again later";
        }
        int code = reply(rule, problem != null ? problem : "250 2.1.5 Recipient OK");
        if (isPositive(code) && address != null) {
            recipients.add(address);
        }
    }

    private void data() throws IOException, SessionEnd {
        ScriptRule rule = script(SmtpStage.DATA, "");
        String problem = from == null ? "503 5.5.1 Need MAIL before DATA"
                : recipients.isEmpty() ? "554 5.5.1 No valid recipients" : null;
        int code = reply(rule, problem != null ? problem : "354 End data with <CR><LF>.<CR><LF>");
        if (code != 354) {
            return;
        }
        byte[] content = readData();
        ScriptRule end = script(SmtpStage.DATA_END, "");
        String envelopeFrom = from == null ? "" : from;
        if (end != null && (end.kind() == ScriptRule.Kind.DROP || end.kind() == ScriptRule.Kind.STALL)) {
            record(envelopeFrom, content, 0);
            end(end);
        }
        int replyCode = end != null ? end.replyCode() : 250;
        record(envelopeFrom, content, replyCode);
        resetTransaction();
        reply(end, "250 2.0.0 OK queued as " + id + "." + messageCount);
    }

    private void record(String envelopeFrom, byte[] content, int replyCode) {
        messageCount++;
        server.record(new ReceivedMessage(id, envelopeFrom, mailParameters, recipients, content, tls, user, replyCode));
    }

    private boolean tooLarge(String parameters) {
        long limit = config.extensions().stream()
                .filter(e -> e.toUpperCase(Locale.ROOT).startsWith("SIZE "))
                .mapToLong(e -> Long.parseLong(e.substring(5).strip()))
                .findFirst().orElse(0);
        if (limit <= 0) {
            return false;
        }
        for (String parameter : parameters.split(" +")) {
            if (parameter.toUpperCase(Locale.ROOT).startsWith("SIZE=")) {
                try {
                    return Long.parseLong(parameter.substring(5)) > limit;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Returns the address inside {@code <...>} after the keyword, or null when the syntax is wrong. */
    private static String path(String argument, String keyword) {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return null;
        }
        String rest = argument.substring(keyword.length()).strip();
        int close = rest.indexOf('>');
        if (!rest.startsWith("<") || close < 0) {
            return null;
        }
        return rest.substring(1, close);
    }

    private void resetTransaction() {
        from = null;
        mailParameters = null;
        recipients.clear();
    }

    private boolean offers(String extension) {
        return config.extensions().stream().anyMatch(e -> e.equalsIgnoreCase(extension));
    }

    /** Counts the stage; acts on a drop or stall rule at once; returns a reply rule or null. */
    private ScriptRule script(SmtpStage stage, String argument) throws SessionEnd {
        int occurrence = counts.merge(stage, 1, Integer::sum);
        ScriptRule rule = server.ruleFor(stage, id, occurrence, argument);
        if (rule != null && (rule.kind() == ScriptRule.Kind.DROP || rule.kind() == ScriptRule.Kind.STALL)
                && stage != SmtpStage.DATA_END) {
            end(rule);
        }
        return rule;
    }

    private void end(ScriptRule rule) throws SessionEnd {
        if (rule.kind() == ScriptRule.Kind.STALL) {
            server.awaitClose();
        }
        throw new SessionEnd();
    }

    /** Writes the scripted reply or the default; ends the session after a 421. Returns the code sent. */
    private int reply(ScriptRule rule, String... defaults) throws IOException, SessionEnd {
        List<String> lines = rule != null ? rule.lines() : List.of(defaults);
        for (String line : lines) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        if (rule != null && rule.kind() == ScriptRule.Kind.REPLY_THEN_STALL) {
            server.awaitClose();
            throw new SessionEnd();
        }
        int code = Integer.parseInt(lines.get(lines.size() - 1).substring(0, 3));
        if (code == 421) {
            throw new SessionEnd();
        }
        return code;
    }

    private void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static boolean isPositive(int code) {
        return code >= 200 && code < 300;
    }

    /** Reads a command line; CRLF ends it, and so does a bare LF (recorded as a violation). */
    private String readCommandLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            if (b == '\n') {
                if (previous != '\r') {
                    violation("bare LF in a command line");
                }
                byte[] bytes = line.toByteArray();
                int length = previous == '\r' ? bytes.length - 1 : bytes.length;
                if (length + 2 > MAX_LINE_OCTETS) {
                    violation("command line longer than " + MAX_LINE_OCTETS + " octets");
                }
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (previous == '\r') {
                violation("bare CR in a command line");
            }
            line.write(b);
            previous = b;
        }
    }

    /** Reads message data up to CRLF.CRLF (the only terminator), removing dot-stuffing. */
    private byte[] readData() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream(4096);
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            line.write(b);
            if (previous == '\r' && b != '\n') {
                violation("bare CR in message data");
            }
            if (b == '\n' && previous != '\r') {
                violation("bare LF in message data");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                line.reset();
                previous = -1;
                if (bytes.length > MAX_LINE_OCTETS) {
                    violation("message data line of " + bytes.length + " octets (more than " + MAX_LINE_OCTETS + ")");
                }
                if (bytes.length == 3 && bytes[0] == '.') {
                    return data.toByteArray();
                }
                int start = bytes[0] == '.' ? 1 : 0;
                data.write(bytes, start, bytes.length - start);
                continue;
            }
            previous = b;
        }
    }

    private void violation(String description) {
        if (++violationCount <= MAX_VIOLATIONS) {
            server.record(new ProtocolViolation(id, description));
        }
    }

    private void handshake() throws IOException {
        SSLSocket secured = (SSLSocket) server.serverTls().getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        secured.setUseClientMode(false);
        secured.startHandshake();
        tls = true;
        attach(secured);
    }

    private void attach(Socket newSocket) throws IOException {
        this.socket = newSocket;
        this.in = new BufferedInputStream(newSocket.getInputStream());
        this.out = new BufferedOutputStream(newSocket.getOutputStream());
    }
}
