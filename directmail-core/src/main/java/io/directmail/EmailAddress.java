package io.directmail;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated mailbox address, {@code local-part@domain}, as used in an SMTP envelope
 * (RFC 5321 §4.1.2) and in message headers (RFC 5322 §3.4.1).
 *
 * <p>The domain is held in its ASCII form: an internationalised domain name is converted with
 * IDNA ({@code bücher.example} becomes {@code xn--bcher-kva.example}) and lower-cased. The local
 * part is kept exactly as given; it may be a dot-atom or a quoted string, and it may contain
 * UTF-8 (RFC 6531), in which case {@link #requiresSmtpUtf8()} is true.
 *
 * <p>Refused, with an {@link InvalidAddressException} that says why: empty input, a missing or
 * second unquoted {@code @}, control characters (CR, LF, NUL, C1 controls, U+2028/U+2029, ...),
 * unpaired surrogates, an empty local part (also {@code ""}), a local part over 64 octets,
 * a domain over 253 characters or a label over 63 (in ASCII form), an empty label, an address
 * over 254 octets, a trailing dot, address literals such as {@code [192.0.2.1]}, a bare IP
 * address, a domain without a dot, angle brackets and the null path {@code <>}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param localPart the part before the {@code @}, exactly as given
 * @param domain the domain in lower-case ASCII (IDNA "xn--" form where needed)
 */
public record EmailAddress(String localPart, String domain) {

    private static final int MAX_LOCAL_PART_OCTETS = 64;
    private static final int MAX_DOMAIN_CHARS = 253;
    private static final int MAX_LABEL_CHARS = 63;
    private static final int MAX_ADDRESS_OCTETS = 254;
    /** The label separators IDNA recognises: full stop, ideographic, fullwidth and halfwidth ideographic full stops. */
    private static final Pattern DOT = Pattern.compile("[.\u3002\uff0e\uff61]");

    /**
     * Validates the parts; see the type's description for what is refused.
     *
     * @throws InvalidAddressException if either part is unusable
     */
    public EmailAddress {
        String whole = localPart + "@" + domain;
        if (localPart == null || domain == null) {
            throw new InvalidAddressException(localPart == null ? null : whole, "local part and domain are required");
        }
        checkLocalPart(whole, localPart);
        domain = asciiDomain(whole, domain);
        if ((localPart + "@" + domain).getBytes(StandardCharsets.UTF_8).length > MAX_ADDRESS_OCTETS) {
            throw new InvalidAddressException(whole, "longer than " + MAX_ADDRESS_OCTETS + " octets");
        }
    }

    /**
     * Parses {@code local-part@domain}. Surrounding angle brackets and display names are not
     * accepted here; give the bare address.
     *
     * @param address the address text
     * @return the validated address
     * @throws InvalidAddressException if the text is not a usable address
     */
    public static EmailAddress of(String address) {
        if (address == null) {
            throw new InvalidAddressException(null, "the address is null");
        }
        if (address.isEmpty()) {
            throw new InvalidAddressException(address, "the address is empty");
        }
        if (address.equals("<>")) {
            throw new InvalidAddressException(address, "the null path <> is not a mailbox");
        }
        if (address.startsWith("<") && address.endsWith(">")) {
            throw new InvalidAddressException(address, "angle brackets are not part of the address; give the bare local-part@domain");
        }
        rejectControls(address, address);
        int at = splitPoint(address);
        return new EmailAddress(address.substring(0, at), address.substring(at + 1));
    }

    /** Returns {@code local-part@domain} with the ASCII domain, as used in SMTP and headers. */
    public String address() {
        return localPart + "@" + domain;
    }

    /** Returns the domain in its Unicode form, for display. */
    public String unicodeDomain() {
        return IDN.toUnicode(domain, IDN.ALLOW_UNASSIGNED);
    }

    /** Returns true when the local part contains non-ASCII characters (RFC 6531 SMTPUTF8 needed). */
    public boolean requiresSmtpUtf8() {
        for (int i = 0; i < localPart.length(); i++) {
            if (localPart.charAt(i) > 0x7e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return address();
    }

    private static int splitPoint(String address) {
        int at = -1;
        boolean quoted = false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '@' && !quoted) {
                if (at >= 0) {
                    throw new InvalidAddressException(address, "more than one '@' outside quotes");
                }
                at = i;
            }
        }
        if (at < 0) {
            throw new InvalidAddressException(address, "no '@' between local part and domain");
        }
        return at;
    }

    private static void checkLocalPart(String whole, String local) {
        rejectControls(whole, local);
        if (local.isEmpty()) {
            throw new InvalidAddressException(whole, "the local part before '@' is empty");
        }
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART_OCTETS) {
            throw new InvalidAddressException(whole, "the local part is longer than " + MAX_LOCAL_PART_OCTETS + " octets");
        }
        if (local.charAt(0) == '"') {
            checkQuotedString(whole, local);
        } else {
            checkDotAtom(whole, local);
        }
    }

    private static void checkQuotedString(String whole, String local) {
        if (local.length() < 2 || local.charAt(local.length() - 1) != '"') {
            throw new InvalidAddressException(whole, "the quoted local part is not closed, or text follows its closing quote");
        }
        if (local.length() == 2) {
            throw new InvalidAddressException(whole, "the quoted local part \"\" is empty");
        }
        for (int i = 1; i < local.length() - 1; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                if (++i >= local.length() - 1) {
                    throw new InvalidAddressException(whole, "a backslash ends the quoted local part");
                }
            } else if (c == '"') {
                throw new InvalidAddressException(whole, "an unescaped quote inside the quoted local part");
            }
        }
    }

    private static void checkDotAtom(String whole, String local) {
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidAddressException(whole, "the local part has a leading, trailing or double dot (quote it)");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isAtext(c) || Character.isSpaceChar(c)) {
                throw new InvalidAddressException(whole, "character '" + c + "' is not allowed in an unquoted local part");
            }
        }
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0 || c > 0x7f;
    }

    private static String asciiDomain(String whole, String domain) {
        rejectControls(whole, domain);
        if (domain.isEmpty()) {
            throw new InvalidAddressException(whole, "the domain after '@' is empty");
        }
        if (domain.startsWith("[")) {
            throw new InvalidAddressException(whole, "address literals such as [192.0.2.1] are not accepted; use a domain name");
        }
        if (domain.endsWith(".")) {
            throw new InvalidAddressException(whole, "the domain ends with a dot");
        }
        String[] labels = DOT.split(domain, -1);
        StringBuilder ascii = new StringBuilder(domain.length() + 8);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidAddressException(whole, "the domain has an empty label (a leading dot or two dots in a row)");
            }
            String asciiLabel = asciiLabel(whole, label);
            if (asciiLabel.length() > MAX_LABEL_CHARS) {
                throw new InvalidAddressException(whole, "a domain label is longer than " + MAX_LABEL_CHARS + " characters");
            }
            if (asciiLabel.startsWith("-") || asciiLabel.endsWith("-")) {
                throw new InvalidAddressException(whole, "a domain label starts or ends with '-'");
            }
            if (!ascii.isEmpty()) {
                ascii.append('.');
            }
            ascii.append(asciiLabel.toLowerCase(Locale.ROOT));
        }
        if (ascii.length() > MAX_DOMAIN_CHARS) {
            throw new InvalidAddressException(whole, "the domain is longer than " + MAX_DOMAIN_CHARS + " characters");
        }
        if (labels.length < 2) {
            throw new InvalidAddressException(whole, "the domain '" + domain + "' has no dot; a fully qualified domain is required");
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidAddressException(whole, "the domain looks like an IP address; use a domain name");
        }
        return ascii.toString();
    }

    private static String asciiLabel(String whole, String label) {
        boolean plain = true;
        for (int i = 0; i < label.length() && plain; i++) {
            plain = label.charAt(i) < 0x80;
        }
        if (plain && label.length() > MAX_LABEL_CHARS) {
            throw new InvalidAddressException(whole, "a domain label is longer than " + MAX_LABEL_CHARS + " characters");
        }
        try {
            return IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).contains("too long")) {
                throw new InvalidAddressException(whole, "a domain label is longer than " + MAX_LABEL_CHARS + " characters in its ASCII (xn--) form");
            }
            throw new InvalidAddressException(whole, "the domain is not a valid (internationalised) host name: " + e.getMessage());
        }
    }

    private static void rejectControls(String whole, String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                String name = switch (c) {
                    case '\r' -> "a carriage return (CR)";
                    case '\n' -> "a line feed (LF)";
                    case '\0' -> "a NUL character";
                    default -> String.format("control character U+%04X", (int) c);
                };
                throw new InvalidAddressException(whole, "contains " + name);
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < part.length() && Character.isLowSurrogate(part.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidAddressException(whole, "contains an unpaired surrogate character U+" + String.format("%04X", (int) c));
                }
            }
            if (c == ' ' && !part.startsWith("\"")) {
                throw new InvalidAddressException(whole, "contains a space outside a quoted local part");
            }
        }
    }
}
