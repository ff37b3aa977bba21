package io.directmail.internal.dkim;

import io.directmail.dkim.DkimKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Internal, not API: adds DKIM signatures (RFC 6376) to a composed message, one per key, so that
 * a message can carry both an RSA and an Ed25519 signature (RFC 8463 §5).
 *
 * <p>Every signature uses relaxed/relaxed canonicalization, hashes the whole body ({@code bh=},
 * no {@code l=}), carries the signing time ({@code t=}) and signs each field of
 * {@link #SIGNED_HEADER_FIELDS} that the message has, every instance of it (matched bottom-up as
 * RFC 6376 §5.4.2 says). {@code From} is listed once more than it occurs, so a {@code From} added
 * later breaks the signature. {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} are
 * signed when present, as RFC 8058 requires. The DKIM-Signature fields are folded to lines of at
 * most 78 characters.
 *
 * <p>Thread-safe: build one per set of keys and share it. Work per key that does not depend on
 * the message (for Ed25519 the public key) is done once, in the constructor.
 */
public final class DkimSigner {
    /** The header fields signed when present, in the order they are listed in {@code h=}. */
    public static final List<String> SIGNED_HEADER_FIELDS = List.of(
            "From", "Reply-To", "Subject", "Date", "To", "Cc", "Message-ID", "MIME-Version",
            "Content-Type", "Content-Transfer-Encoding", "In-Reply-To", "References", "List-Id",
            "List-Unsubscribe", "List-Unsubscribe-Post", "Feedback-ID", "Sender");

    private static final String FIELD_NAME = "DKIM-Signature";
    private static final List<String> LOWER_NAMES =
            SIGNED_HEADER_FIELDS.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
    private static final byte[] CRLF = {'\r', '\n'};

    private final List<DkimKey> keys;
    private final List<KeySigner> signers;

    /**
     * Creates a signer that adds one signature per key, in the order given.
     *
     * @param keys one key, or two for a dual RSA and Ed25519 signature
     * @throws IllegalArgumentException if {@code keys} is empty
     */
    public DkimSigner(List<DkimKey> keys) {
        this.keys = List.copyOf(keys);
        if (this.keys.isEmpty()) {
            throw new IllegalArgumentException("a DKIM signer needs at least one key");
        }
        this.signers = this.keys.stream().map(KeySigner::of).toList();
    }

    /** Returns the keys, in the order their signatures appear in a signed message. */
    public List<DkimKey> keys() {
        return keys;
    }

    /**
     * Returns {@code message} with a DKIM-Signature field per key prepended, the first key's on
     * top. {@code message} is not changed.
     *
     * @param message a complete message in wire form: header fields, an empty line, the body, with
     *     every line ending in CRLF. A message without the empty line has an empty body.
     * @param signingTime the time to put in {@code t=}
     * @return the signed message
     * @throws IllegalArgumentException if the message has no {@code From} field, has a bare CR or
     *     LF, or has a malformed header line; or if {@code signingTime} is before 1970
     */
    public byte[] sign(byte[] message, Instant signingTime) {
        Objects.requireNonNull(message, "message");
        long seconds = Objects.requireNonNull(signingTime, "signingTime").getEpochSecond();
        if (seconds < 0) {
            throw new IllegalArgumentException("DKIM signing time " + signingTime + " is before 1970");
        }
        HeaderSection section = HeaderSection.parse(message);
        byte[] headers = new byte[section.bodyStart() + CRLF.length];
        List<String> signedNames = new ArrayList<>();
        int headersLength = canonicalSignedHeaders(message, section, headers, signedNames);

        MessageDigest bodyDigest = Sha256.newDigest();
        RelaxedCanonicalization.body(message, section.bodyStart(), message.length, bodyDigest);
        String bodyHash = Base64.getEncoder().encodeToString(bodyDigest.digest());

        byte[][] fields = new byte[keys.size()][];
        int total = message.length;
        for (int k = 0; k < fields.length; k++) {
            fields[k] = signatureField(k, seconds, signedNames, bodyHash, headers, headersLength);
            total += fields[k].length + CRLF.length;
        }
        byte[] signed = new byte[total];
        int pos = 0;
        for (byte[] field : fields) {
            System.arraycopy(field, 0, signed, pos, field.length);
            pos += field.length;
            signed[pos++] = '\r';
            signed[pos++] = '\n';
        }
        System.arraycopy(message, 0, signed, pos, message.length);
        return signed;
    }

    /**
     * Writes the canonical form of every signed header field instance into {@code out}, in
     * {@code h=} order, and adds each name to {@code signedNames}; returns the bytes written.
     */
    private static int canonicalSignedHeaders(byte[] message, HeaderSection section, byte[] out,
            List<String> signedNames) {
        int length = 0;
        for (int n = 0; n < LOWER_NAMES.size(); n++) {
            String lowerName = LOWER_NAMES.get(n);
            String name = SIGNED_HEADER_FIELDS.get(n);
            int instances = 0;
            for (int f = section.count() - 1; f >= 0; f--) {
                if (section.lowerName(f).equals(lowerName)) {
                    length = RelaxedCanonicalization.header(message, section.start(f), section.nameEnd(f),
                            section.colon(f), section.end(f), out, length);
                    out[length++] = '\r';
                    out[length++] = '\n';
                    signedNames.add(name);
                    instances++;
                }
            }
            if (name.equals("From")) {
                if (instances == 0) {
                    throw new IllegalArgumentException("message has no From header field; DKIM must sign it");
                }
                signedNames.add(name);
            }
        }
        return length;
    }

    private byte[] signatureField(int k, long seconds, List<String> signedNames, String bodyHash,
            byte[] headers, int headersLength) {
        DkimKey key = keys.get(k);
        FoldedField field = new FoldedField(FIELD_NAME)
                .token("v=1;")
                .token("a=" + key.algorithm().tag() + ";")
                .token("c=relaxed/relaxed;")
                .token("d=" + key.domain() + ";")
                .token("s=" + key.selector() + ";")
                .token("t=" + seconds + ";");
        for (int i = 0; i < signedNames.size(); i++) {
            String piece = signedNames.get(i) + (i == signedNames.size() - 1 ? ";" : ":");
            if (i == 0) {
                field.token("h=" + piece);
            } else {
                field.joined(piece);
            }
        }
        field.token("bh=" + bodyHash + ";").token("b=");

        byte[] unsigned = field.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] canonical = new byte[unsigned.length];
        int canonicalLength = RelaxedCanonicalization.header(unsigned, 0, FIELD_NAME.length(),
                FIELD_NAME.length(), unsigned.length, canonical, 0);
        byte[] canonicalField = canonicalLength == canonical.length
                ? canonical : Arrays.copyOf(canonical, canonicalLength);

        byte[] signature = signers.get(k).sign(headers, headersLength, canonicalField);
        return field.breakable(Base64.getEncoder().encodeToString(signature))
                .toString().getBytes(StandardCharsets.US_ASCII);
    }
}
