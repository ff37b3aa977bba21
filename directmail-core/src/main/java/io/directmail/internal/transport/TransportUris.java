package io.directmail.internal.transport;

import io.directmail.dns.MxResolver;
import io.directmail.internal.smtp.SmtpClient;
import io.directmail.internal.throttle.DestinationThrottle;
import io.directmail.transport.InMemoryTransport;
import io.directmail.transport.SmtpSettings;
import io.directmail.transport.TlsPolicy;
import io.directmail.transport.Transport;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes a built-in transport from its URI:
 * <ul>
 *   <li>{@code mx:} — direct to each recipient domain's mail exchangers;</li>
 *   <li>{@code smtp://[user:password@]host[:port][?tls=required|opportunistic|disabled]} — relay,
 *       port 587 and STARTTLS required unless told otherwise;</li>
 *   <li>{@code smtps://[user:password@]host[:port]} — relay over implicit TLS, port 465;</li>
 *   <li>{@code file:/directory} — {@code .eml} files;</li>
 *   <li>{@code memory:} — kept in memory.</li>
 * </ul>
 */
public final class TransportUris {

    private TransportUris() {
    }

    /**
     * Creates the transport a URI names.
     *
     * @param uri the transport's URI
     * @param smtp the SMTP settings; for {@code mx:} the destination limits replace its pool limits
     * @param resolver finds mail exchangers, for {@code mx:}
     * @param throttle the per-destination limits of {@code mx:}; the relays do not use it
     * @throws IllegalArgumentException naming the URI when it is not one of the forms above
     */
    public static Transport create(URI uri, SmtpSettings smtp, MxResolver resolver, DestinationThrottle throttle) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "mx" -> direct(smtp, resolver, throttle);
            case "smtp" -> relay(uri, smtp, false);
            case "smtps" -> relay(uri, smtp, true);
            case "file" -> new FileTransport(Path.of(uri));
            case "memory" -> new InMemoryTransport();
            default -> throw new IllegalArgumentException("unknown transport URI " + redacted(uri)
                    + ": use mx:, smtp://host:587, smtps://host:465, file:/directory or memory:");
        };
    }

    /**
     * The destination limits decide how many connections an exchanger gets and how many messages
     * each carries, so the pool of an address is as large as the largest exchanger limit; the
     * throttle never lets a delivery wait for it.
     */
    private static Transport direct(SmtpSettings smtp, MxResolver resolver, DestinationThrottle throttle) {
        SmtpSettings pooled = smtp.toBuilder().maxConnectionsPerHost(throttle.limits().highestHostLimit()).build();
        return new MxTransport(resolver, new SmtpClient(pooled), smtp.port(), throttle);
    }

    private static Transport relay(URI uri, SmtpSettings base, boolean implicitTls) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("relay URI " + redacted(uri) + " has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : implicitTls ? 465 : 587;
        SmtpSettings.Builder settings = base.toBuilder().port(port).implicitTls(implicitTls)
                .tlsPolicy(implicitTls ? TlsPolicy.REQUIRED : tlsPolicy(uri));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("relay URI " + redacted(uri) + " names a user but no password");
            }
            settings.credentials(decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)));
        }
        return new RelayTransport(host, port, new SmtpClient(settings.build()), redacted(uri));
    }

    private static TlsPolicy tlsPolicy(URI uri) {
        String query = uri.getQuery();
        if (query == null) {
            return TlsPolicy.REQUIRED;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("tls=")) {
                String value = pair.substring(4).toUpperCase(Locale.ROOT);
                try {
                    return TlsPolicy.valueOf(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("relay URI " + redacted(uri) + ": tls must be required, opportunistic or disabled, was "
                            + pair.substring(4), e);
                }
            }
            throw new IllegalArgumentException("relay URI " + redacted(uri) + ": unknown parameter " + pair.split("=")[0]);
        }
        return TlsPolicy.REQUIRED;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Returns the URI as text with any password replaced by {@code ***}. */
    public static String redacted(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            // A registry-based authority (say, a password with an unencoded '@') is not split into
            // user information and host: hide everything before its last '@'.
            String authority = uri.getRawAuthority();
            int at = authority == null ? -1 : authority.lastIndexOf('@');
            return at < 0 ? uri.toString() : uri.toString().replace(authority, "***" + authority.substring(at));
        }
        if (!userInfo.contains(":")) {
            return uri.toString();
        }
        String user = userInfo.substring(0, userInfo.indexOf(':'));
        return uri.toString().replace(userInfo + "@", user + ":***@");
    }
}
