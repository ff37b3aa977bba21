package io.directmail.testing;

import java.util.List;
import java.util.Objects;

/**
 * One scripted behaviour of a {@link ScriptedSmtpServer}, built fluently from
 * {@link ScriptedSmtpServer#on(SmtpStage)}: conditions first, then one action that registers the
 * rule. Without conditions the rule applies every time the stage is reached.
 *
 * <pre>{@code
 * server.on(SmtpStage.GREETING).onConnection(1).reply("421 4.3.2 Service not available");
 * server.on(SmtpStage.RCPT).occurrence(3).reply("452 4.5.3 Too many recipients");
 * server.on(SmtpStage.RCPT).whenArgumentContains("nobody@").reply("550 5.1.1 No such user");
 * server.on(SmtpStage.DATA_END).dropConnection();
 * server.on(SmtpStage.MAIL).stall();
 * server.on(SmtpStage.DATA).replyThenStall("354 Go ahead");
 * }</pre>
 *
 * <p>Rules are tried in the order they were registered; the first that matches decides. A scripted
 * 2xx (or 354 at DATA) reply still performs the command; any other reply refuses it; a 421 reply
 * closes the connection after it is sent. The builder is not thread-safe; registered rules are.
 */
public final class ScriptRule {

    /** What a rule does when it matches. */
    enum Kind {
        REPLY, REPLY_THEN_STALL, DROP, STALL
    }

    private final ScriptedSmtpServer server;
    private final SmtpStage stage;
    private int occurrence;
    private int occurrenceInConnection;
    private int connection;
    private String argumentContains;
    private Kind kind;
    private List<String> lines = List.of();

    ScriptRule(ScriptedSmtpServer server, SmtpStage stage) {
        this.server = server;
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    /** Applies only to the n-th time (from 1) this stage is reached on the whole server. */
    public ScriptRule occurrence(int n) {
        this.occurrence = positive("occurrence", n);
        return this;
    }

    /** Applies only to the n-th time (from 1) this stage is reached within one connection. */
    public ScriptRule occurrenceInConnection(int n) {
        this.occurrenceInConnection = positive("occurrenceInConnection", n);
        return this;
    }

    /** Applies only on the n-th connection (from 1, in order of acceptance). */
    public ScriptRule onConnection(int n) {
        this.connection = positive("connection", n);
        return this;
    }

    /** Applies only when the command's argument contains the text, ignoring case (e.g. a recipient). */
    public ScriptRule whenArgumentContains(String text) {
        this.argumentContains = Objects.requireNonNull(text, "text");
        return this;
    }

    /**
     * Replies with the given lines instead of the default, each written as given plus CRLF; a
     * multi-line reply needs the hyphens, e.g. {@code "250-first", "250 last"}.
     *
     * @return the server, to script more
     * @throws IllegalArgumentException if a line does not start with a three-digit code
     */
    public ScriptedSmtpServer reply(String... replyLines) {
        this.lines = checked(replyLines);
        return register(Kind.REPLY);
    }

    /**
     * Sends the reply, then neither reads nor answers anything more until the server is closed.
     * For example {@code on(SmtpStage.DATA).replyThenStall("354 Go ahead")} accepts DATA and then
     * stops reading, so a client sending a large message blocks and its data timeout must fire.
     *
     * @return the server, to script more
     */
    public ScriptedSmtpServer replyThenStall(String... replyLines) {
        this.lines = checked(replyLines);
        return register(Kind.REPLY_THEN_STALL);
    }

    private static List<String> checked(String... replyLines) {
        if (replyLines.length == 0) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
        for (String line : replyLines) {
            if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)
                    || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a reply line must start with a three-digit code and have no CR/LF: '" + line + "'");
            }
        }
        return List.of(replyLines);
    }

    /** Closes the connection at this stage without replying. At {@link SmtpStage#DATA_END} the message is recorded first. */
    public ScriptedSmtpServer dropConnection() {
        return register(Kind.DROP);
    }

    /** Never replies at this stage; the session waits until the server is closed (so the client's timeout must fire). */
    public ScriptedSmtpServer stall() {
        return register(Kind.STALL);
    }

    private ScriptedSmtpServer register(Kind action) {
        if (kind != null) {
            throw new IllegalStateException("this rule already has an action: " + kind);
        }
        this.kind = action;
        server.addRule(this);
        return server;
    }

    boolean matches(SmtpStage at, int connectionId, int globalOccurrence, int connectionOccurrence, String argument) {
        return at == stage
                && (occurrence == 0 || occurrence == globalOccurrence)
                && (occurrenceInConnection == 0 || occurrenceInConnection == connectionOccurrence)
                && (connection == 0 || connection == connectionId)
                && (argumentContains == null || argument.toLowerCase(java.util.Locale.ROOT)
                        .contains(argumentContains.toLowerCase(java.util.Locale.ROOT)));
    }

    Kind kind() {
        return kind;
    }

    List<String> lines() {
        return lines;
    }

    /** Returns the code of the (last) reply line. */
    int replyCode() {
        return Integer.parseInt(lines.get(lines.size() - 1).substring(0, 3));
    }

    private static int positive(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " counts from 1, was " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "ScriptRule{" + stage + " -> " + kind + " " + lines + "}";
    }
}
