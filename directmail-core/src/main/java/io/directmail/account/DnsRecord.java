package io.directmail.account;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One DNS record the owner of a {@link SendingDomain} publishes: its type, the name it is
 * published at, the value, and what it is for. {@link SendingDomain#records(DomainSettings)} lists
 * them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the record type
 * @param host the fully qualified name the record is published at, lower-case ASCII, without the
 *     trailing dot
 * @param value the record's value: the text of a TXT record (publish a value longer than 255
 *     octets as several strings of one record, see {@link #zoneFileLine()}), or the target host of
 *     a CNAME record
 * @param purpose what the record is for, and whether verification needs it
 */
public record DnsRecord(Type type, String host, String value, Purpose purpose) {

    /** The longest character-string in a TXT record (RFC 1035 §3.3). */
    private static final int MAX_TXT_STRING_OCTETS = 255;

    /** The record types DirectMail asks for. */
    public enum Type {
        /** A text record. */
        TXT,
        /** An alias: the name stands for the target host, for every record type. */
        CNAME
    }

    /** What a record is for. */
    public enum Purpose {
        /**
         * {@code TXT _directmail.<domain>}: proves that whoever adds the domain controls its DNS.
         * Required for verification.
         */
        OWNERSHIP(true),
        /**
         * {@code TXT <domain>}: the SPF policy (RFC 7208), naming the hosts that may send for the
         * domain. Required for verification.
         */
        SPF(true),
        /**
         * {@code TXT <selector>._domainkey.<domain>}: the public key receivers check the DKIM
         * signature with (RFC 6376). Required for verification.
         */
        DKIM(true),
        /**
         * {@code TXT _dmarc.<domain>}: the DMARC policy (RFC 7489). Advisory: checked and
         * reported, but not needed for verification.
         */
        DMARC(false),
        /**
         * {@code CNAME <label>.<domain>}: the return-path (envelope sender) host, where bounces
         * go. Advisory: checked and reported, but not needed for verification.
         */
        RETURN_PATH(false);

        private final boolean required;

        Purpose(boolean required) {
            this.required = required;
        }

        /** Returns true when a domain is verified only if this record is found. */
        public boolean required() {
            return required;
        }
    }

    /** Checks that every part is present. */
    public DnsRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(purpose, "purpose");
        if (host.isEmpty() || host.endsWith(".")) {
            throw new IllegalArgumentException("host must be a name without the trailing dot, was \"" + host + "\"");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("value must not be empty");
        }
    }

    /**
     * Returns the record as a line of a zone file (RFC 1035 §5.1), e.g.
     * {@code _dmarc.example.com. IN TXT "v=DMARC1; p=none"}. A TXT value is split into quoted
     * strings of at most 255 octets, as DNS requires; a CNAME target ends with a dot.
     */
    public String zoneFileLine() {
        String rdata = switch (type) {
            case TXT -> quotedStrings(value);
            case CNAME -> value + ".";
        };
        return host + ". IN " + type + " " + rdata;
    }

    private static String quotedStrings(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int octets = 0;
        out.append('"');
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String character = Character.toString(codePoint);
            int size = character.getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > MAX_TXT_STRING_OCTETS) {
                out.append("\" \"");
                octets = 0;
            }
            if (codePoint == '"' || codePoint == '\\') {
                out.append('\\');
            }
            out.append(character);
            octets += size;
            i += Character.charCount(codePoint);
        }
        return out.append('"').toString();
    }
}
