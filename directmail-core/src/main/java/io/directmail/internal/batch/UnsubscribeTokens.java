package io.directmail.internal.batch;

import io.directmail.EmailAddress;
import io.directmail.InvalidAddressException;
import io.directmail.batch.InvalidUnsubscribeTokenException;
import io.directmail.batch.UnsubscribeToken;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Internal, not API: makes and checks unsubscribe tokens. A token is the base64url form (no
 * padding) of a payload followed by its HMAC-SHA256 under the secret key:
 *
 * <pre>
 * version (1 octet, 1) | issued-at (8 octets, epoch seconds) |
 * account length (1) | account (ASCII) | batch id length (1) | batch id (ASCII) |
 * address length (1) | address (UTF-8) | HMAC-SHA256 of everything before (32 octets)
 * </pre>
 *
 * <p>The address, account and batch id can be read by anyone who has the token (it is signed,
 * not encrypted); only the key's holder can make one. The signature is compared in constant time.
 * Thread-safe.
 */
public final class UnsubscribeTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte VERSION = 1;
    private static final int MAC_OCTETS = 32;
    private static final int MAX_FIELD_OCTETS = 255;
    private static final int MIN_TOKEN_OCTETS = 1 + Long.BYTES + 3 + MAC_OCTETS;
    private static final int MAX_TOKEN_OCTETS = 1 + Long.BYTES + 3 * (1 + MAX_FIELD_OCTETS) + MAC_OCTETS;
    /** The longest text a token can have; anything longer is refused before it is decoded. */
    public static final int MAX_TOKEN_CHARS = (MAX_TOKEN_OCTETS * 4 + 2) / 3;

    private final SecretKeySpec key;

    /**
     * Creates the codec.
     *
     * @param secretKey the HMAC key; it is copied
     */
    public UnsubscribeTokens(byte[] secretKey) {
        this.key = new SecretKeySpec(secretKey, ALGORITHM);
    }

    /**
     * Makes the token of one message.
     *
     * @param account the batch's account
     * @param address the recipient
     * @param batchId the batch's id
     * @param issuedAt now; kept to the second
     * @return the token, base64url without padding
     */
    public String issue(String account, EmailAddress address, String batchId, Instant issuedAt) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(128);
        payload.write(VERSION);
        payload.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(issuedAt.getEpochSecond()).array());
        field(payload, account);
        field(payload, batchId);
        field(payload, address.address());
        byte[] signed = payload.toByteArray();
        byte[] token = Arrays.copyOf(signed, signed.length + MAC_OCTETS);
        System.arraycopy(mac(signed, signed.length), 0, token, signed.length, MAC_OCTETS);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * Checks a token and reads it.
     *
     * @param token the token as it came back
     * @return what it says
     * @throws NullPointerException if the token is null
     * @throws InvalidUnsubscribeTokenException if it was not made with this key, or is garbled
     */
    public UnsubscribeToken verify(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidUnsubscribeTokenException("it is " + token.length() + " characters long; no token is longer than "
                    + MAX_TOKEN_CHARS);
        }
        byte[] octets;
        try {
            octets = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidUnsubscribeTokenException("it is not base64url text (A-Z, a-z, 0-9, '-' and '_')");
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(octets).equals(token)) {
            // Padding or stray low bits in the last character: the same octets have one text only.
            throw new InvalidUnsubscribeTokenException("it is not in the form tokens are issued in (base64url without padding)");
        }
        if (octets.length < MIN_TOKEN_OCTETS) {
            throw new InvalidUnsubscribeTokenException("it is too short to hold a signed payload");
        }
        int signedLength = octets.length - MAC_OCTETS;
        byte[] expected = mac(octets, signedLength);
        byte[] given = Arrays.copyOfRange(octets, signedLength, octets.length);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidUnsubscribeTokenException("its signature does not match (altered, forged, or signed with another key)");
        }
        ByteBuffer payload = ByteBuffer.wrap(octets, 0, signedLength);
        try {
            byte version = payload.get();
            if (version != VERSION) {
                throw new InvalidUnsubscribeTokenException("its version " + version + " is not known");
            }
            Instant issuedAt = Instant.ofEpochSecond(payload.getLong());
            String account = field(payload);
            String batchId = field(payload);
            EmailAddress address = EmailAddress.of(field(payload));
            if (payload.hasRemaining()) {
                throw new InvalidUnsubscribeTokenException("its payload has " + payload.remaining() + " octets too many");
            }
            return new UnsubscribeToken(account, address, batchId, issuedAt);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | InvalidAddressException e) {
            throw new InvalidUnsubscribeTokenException("its payload is garbled");
        }
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] octets = value.getBytes(StandardCharsets.UTF_8);
        if (octets.length > MAX_FIELD_OCTETS) {
            throw new IllegalArgumentException("an unsubscribe token field holds at most " + MAX_FIELD_OCTETS
                    + " octets, was " + octets.length);
        }
        out.write(octets.length);
        out.writeBytes(octets);
    }

    private static String field(ByteBuffer in) {
        byte[] octets = new byte[Byte.toUnsignedInt(in.get())];
        in.get(octets);
        return new String(octets, StandardCharsets.UTF_8);
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's " + ALGORITHM + " is not available", e);
        }
    }
}
