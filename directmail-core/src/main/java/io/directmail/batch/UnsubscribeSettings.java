package io.directmail.batch;

import io.directmail.EmailAddress;
import io.directmail.internal.batch.UnsubscribeTokens;
import io.directmail.internal.text.VisibleText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How batch mail offers one-click unsubscribe (RFC 8058): the HTTPS address the application
 * serves, an optional mailbox that takes unsubscribe mail, and the secret key that signs the
 * token each message carries.
 *
 * <pre>{@code
 * UnsubscribeSettings unsubscribe = UnsubscribeSettings.of("https://example.com/unsubscribe", secretKey)
 *         .withMailto(EmailAddress.of("unsubscribe@example.com"));
 * }</pre>
 *
 * <p>Every batch message then carries, inside its DKIM signature:
 * <pre>
 * List-Unsubscribe: &lt;https://example.com/unsubscribe/u/TOKEN&gt;,
 *  &lt;mailto:unsubscribe@example.com?subject=unsubscribe-TOKEN&gt;
 * List-Unsubscribe-Post: List-Unsubscribe=One-Click
 * </pre>
 * A mailbox provider's "unsubscribe" button sends {@code POST /unsubscribe/u/TOKEN} with the body
 * {@code List-Unsubscribe=One-Click}; the application hands the token to
 * {@link Unsubscribes#record(String)}. Mail to the mailto address has the token in its subject,
 * after {@value #MAILTO_SUBJECT_PREFIX}.
 *
 * <p>The token names the account, the recipient and the batch, with the time it was made, and
 * is signed with HMAC-SHA256 under the secret key, so nobody without the key can unsubscribe an
 * address that did not get the message. Keep the key as secret as a password: every node that
 * sends batches or records unsubscribes needs the same one. It is never shown by
 * {@link #toString()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class UnsubscribeSettings {

    /** The fewest octets of secret key accepted: 32, the output size of SHA-256. */
    public static final int MIN_KEY_OCTETS = 32;
    /** The longest base URL accepted, in characters, so that a link fits in a header line. */
    public static final int MAX_BASE_URL_CHARS = 200;
    /** What the subject of unsubscribe mail to the mailto address starts with, before the token. */
    public static final String MAILTO_SUBJECT_PREFIX = "unsubscribe-";
    /** The path segment between the base URL and the token. */
    public static final String TOKEN_PATH = "/u/";

    private static final String SAFE_LOCAL_PART_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!$'*+-=_~";

    private final URI baseUrl;
    private final EmailAddress mailto;
    private final UnsubscribeTokens tokens;

    private UnsubscribeSettings(URI baseUrl, EmailAddress mailto, UnsubscribeTokens tokens) {
        this.baseUrl = baseUrl;
        this.mailto = mailto;
        this.tokens = tokens;
    }

    /**
     * Creates settings with an HTTPS base URL and a secret key, without a mailto address.
     *
     * @param baseUrl where the application takes unsubscribes, such as
     *     {@code https://example.com/unsubscribe}: an absolute {@code https} URL with a host, no
     *     user name, query or fragment, printable ASCII only, at most {@value #MAX_BASE_URL_CHARS}
     *     characters; a trailing {@code /} is dropped
     * @param secretKey the HMAC key, at least {@value #MIN_KEY_OCTETS} random octets; it is copied
     * @return the settings
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException naming the value if the URL or the key is refused
     */
    public static UnsubscribeSettings of(String baseUrl, byte[] secretKey) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(secretKey, "secretKey");
        if (secretKey.length < MIN_KEY_OCTETS) {
            throw new IllegalArgumentException("the unsubscribe secret key must have at least " + MIN_KEY_OCTETS
                    + " octets, had " + secretKey.length);
        }
        return new UnsubscribeSettings(checkBaseUrl(baseUrl), null, new UnsubscribeTokens(secretKey));
    }

    /**
     * Returns a copy that also offers a mailto link, or none for {@code null}.
     *
     * @param address the mailbox that takes unsubscribe mail; its local part may hold only ASCII
     *     letters, digits and {@code . ! $ ' * + - = _ ~}, so that it needs no escaping in a URL
     * @return the copy
     * @throws IllegalArgumentException naming the address if its local part has other characters
     */
    public UnsubscribeSettings withMailto(EmailAddress address) {
        if (address != null) {
            String local = address.localPart();
            for (int i = 0; i < local.length(); i++) {
                if (SAFE_LOCAL_PART_CHARS.indexOf(local.charAt(i)) < 0) {
                    throw new IllegalArgumentException("unsubscribe mailto address " + VisibleText.quote(address.address())
                            + " has '" + local.charAt(i) + "' in its local part; use only ASCII letters, digits and "
                            + ".!$'*+-=_~");
                }
            }
        }
        return new UnsubscribeSettings(baseUrl, address, tokens);
    }

    /** Returns the HTTPS base URL, without a trailing {@code /}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Returns the mailbox that takes unsubscribe mail, if there is one. */
    public Optional<EmailAddress> mailto() {
        return Optional.ofNullable(mailto);
    }

    /**
     * Returns the one-click URL of a token: the base URL, {@value #TOKEN_PATH}, the token.
     *
     * @param token a token
     * @return the URL
     */
    public URI url(String token) {
        return URI.create(baseUrl + TOKEN_PATH + Objects.requireNonNull(token, "token"));
    }

    /**
     * Returns the {@code List-Unsubscribe} header value for a token: the HTTPS URL, then the
     * mailto URL if there is a mailto address, each in angle brackets.
     *
     * @param token a token
     * @return the value
     */
    public String listUnsubscribe(String token) {
        String https = "<" + url(token) + ">";
        return mailto == null ? https
                : https + ", <mailto:" + mailto.address() + "?subject=" + MAILTO_SUBJECT_PREFIX + token + ">";
    }

    UnsubscribeTokens tokens() {
        return tokens;
    }

    /** Shows the base URL and the mailto address, never the key. */
    @Override
    public String toString() {
        return "UnsubscribeSettings[baseUrl=" + baseUrl + ", mailto=" + (mailto == null ? "none" : mailto) + ", key=(secret)]";
    }

    private static URI checkBaseUrl(String text) {
        String shown = VisibleText.quote(text);
        if (text.length() > MAX_BASE_URL_CHARS) {
            throw new IllegalArgumentException("unsubscribe base URL " + shown + " is " + text.length()
                    + " characters long; at most " + MAX_BASE_URL_CHARS + " are allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("unsubscribe base URL " + shown
                        + " must be printable ASCII without spaces; encode an international host name in its xn-- form");
            }
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("unsubscribe base URL " + shown + " is not a URL: " + e.getReason());
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            throw new IllegalArgumentException("unsubscribe base URL " + shown
                    + " must be an https URL: one-click unsubscribe (RFC 8058) needs HTTPS");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("unsubscribe base URL " + shown + " has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("unsubscribe base URL " + shown
                    + " must have no user name, query or fragment: the token is appended to its path");
        }
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return URI.create(trimmed);
    }
}
