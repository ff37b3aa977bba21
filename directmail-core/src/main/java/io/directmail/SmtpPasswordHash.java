package io.directmail;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.security.auth.DestroyFailedException;

/**
 * The stored form of a sender address's SMTP password: a salted, slow PBKDF2-HMAC-SHA256 hash
 * from which the password cannot be recovered, and which the SMTP listener checks a login against
 * with {@link #verify(char[])}.
 *
 * <p>Its {@link #encoded() encoded} form describes itself, so the iteration count can be raised
 * later without breaking stored hashes:
 * <pre>{@code pbkdf2-sha256$600000$<salt>$<hash>}</pre>
 * where the salt is 16 random bytes and the hash 32 bytes, both in standard Base64 without
 * padding. After a successful login, {@link #needsRehash(SmtpPasswordPolicy)} says whether to
 * store a new hash of the same password made with the current policy.
 *
 * <p>Setting or rotating a password means hashing the new one with {@link #hash(char[])} and
 * storing the result in place of the old hash; the old password then no longer verifies.
 *
 * <p>Password arrays passed in are not changed; the copies made while hashing are cleared. Clear
 * your own array when done with it. {@link #toString()} never shows the salt or the hash.
 * Instances are immutable and thread-safe.
 */
public final class SmtpPasswordHash {

    /** The algorithm name at the start of the encoded form. */
    public static final String ALGORITHM = "pbkdf2-sha256";

    private static final String JCA_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private SmtpPasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Hashes a new password with the default policy: 8 to 128 characters, 600,000 iterations.
     *
     * @param password the new password; not changed
     * @return its hash, with a fresh random salt
     * @throws NullPointerException if it is null
     * @throws InvalidPasswordException if it breaks the policy
     */
    public static SmtpPasswordHash hash(char[] password) {
        return hash(password, SmtpPasswordPolicy.defaults());
    }

    /**
     * Hashes a new password under a policy: the password must follow its rules, and the hash uses
     * its iteration count.
     *
     * @param password the new password; not changed
     * @param policy the rules and the iteration count
     * @return its hash, with a fresh random salt
     * @throws NullPointerException if an argument is null
     * @throws InvalidPasswordException if the password breaks the policy
     */
    public static SmtpPasswordHash hash(char[] password, SmtpPasswordPolicy policy) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(policy, "policy");
        policy.check(password);
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return new SmtpPasswordHash(policy.iterations(), salt, derive(password, salt, policy.iterations()));
    }

    /**
     * Reads a hash from its {@link #encoded() encoded} form.
     *
     * @param encoded the stored text
     * @return the hash
     * @throws NullPointerException if it is null
     * @throws InvalidPasswordHashException naming the field if the text is not an encoded hash
     */
    public static SmtpPasswordHash parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        String[] fields = encoded.split("\\$", -1);
        if (fields.length != 4) {
            throw new InvalidPasswordHashException("encoded SMTP password hash has " + fields.length
                    + " $-separated fields; expected 4: " + ALGORITHM + "$iterations$salt$hash");
        }
        if (!fields[0].equals(ALGORITHM)) {
            throw new InvalidPasswordHashException("encoded SMTP password hash uses algorithm "
                    + InvalidAddressException.visible(fields[0]) + "; only " + ALGORITHM + " is known");
        }
        return new SmtpPasswordHash(iterations(fields[1]), bytes("salt", fields[2], SALT_BYTES), bytes("hash", fields[3], HASH_BYTES));
    }

    private static int iterations(String field) {
        if (field.isEmpty() || field.length() > 8 || field.charAt(0) == '0' || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidPasswordHashException("iteration count of encoded SMTP password hash is not a number from "
                    + SmtpPasswordPolicy.MIN_ITERATIONS + " to " + SmtpPasswordPolicy.MAX_ITERATIONS + ": "
                    + InvalidAddressException.visible(field));
        }
        int iterations = Integer.parseInt(field);
        if (iterations < SmtpPasswordPolicy.MIN_ITERATIONS || iterations > SmtpPasswordPolicy.MAX_ITERATIONS) {
            throw new InvalidPasswordHashException("iteration count of encoded SMTP password hash must be from "
                    + SmtpPasswordPolicy.MIN_ITERATIONS + " to " + SmtpPasswordPolicy.MAX_ITERATIONS + ", was " + iterations);
        }
        return iterations;
    }

    private static byte[] bytes(String name, String field, int length) {
        byte[] value;
        try {
            value = Base64.getDecoder().decode(field);
        } catch (IllegalArgumentException e) {
            throw new InvalidPasswordHashException(name + " of encoded SMTP password hash is not Base64");
        }
        if (value.length != length) {
            throw new InvalidPasswordHashException(name + " of encoded SMTP password hash has " + value.length
                    + " bytes; expected " + length);
        }
        if (!Base64.getEncoder().withoutPadding().encodeToString(value).equals(field)) {
            throw new InvalidPasswordHashException(name + " of encoded SMTP password hash is not canonical Base64 without padding");
        }
        return value;
    }

    /**
     * Checks a login's password against this hash, in time that does not depend on how much of
     * the hash matches. An empty candidate, one longer than any policy allows, or one that is not
     * valid Unicode text never matches.
     *
     * @param candidate the password the client sent; not changed
     * @return whether it is the hashed password
     * @throws NullPointerException if it is null
     */
    public boolean verify(char[] candidate) {
        Objects.requireNonNull(candidate, "candidate");
        if (candidate.length == 0 || candidate.length > 2 * SmtpPasswordPolicy.MAX_LENGTH || hasLoneSurrogate(candidate)) {
            return false;
        }
        byte[] derived = derive(candidate, salt, iterations);
        try {
            return MessageDigest.isEqual(derived, hash);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * {@return whether this hash is weaker than the policy asks for new hashes, so that after a
     * successful {@link #verify} the password should be hashed again and stored}
     *
     * @param policy the current policy
     * @throws NullPointerException if it is null
     */
    public boolean needsRehash(SmtpPasswordPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return iterations < policy.iterations();
    }

    /** {@return the PBKDF2 iteration count of this hash} */
    public int iterations() {
        return iterations;
    }

    /** {@return the form to store: {@code pbkdf2-sha256$iterations$salt$hash}} */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return ALGORITHM + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /** {@return whether the other object is a hash with the same iteration count, salt and hash} */
    @Override
    public boolean equals(Object other) {
        return other instanceof SmtpPasswordHash that && iterations == that.iterations
                && MessageDigest.isEqual(salt, that.salt) && MessageDigest.isEqual(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * iterations + Arrays.hashCode(salt);
    }

    /** {@return the algorithm and iteration count, never the salt or the hash} */
    @Override
    public String toString() {
        return "SmtpPasswordHash[" + ALGORITHM + ", " + iterations + " iterations]";
    }

    private static boolean hasLoneSurrogate(char[] text) {
        for (int i = 0; i < text.length; i++) {
            if (Character.isHighSurrogate(text[i]) && i + 1 < text.length && Character.isLowSurrogate(text[i + 1])) {
                i++;
            } else if (Character.isSurrogate(text[i])) {
                return true;
            }
        }
        return false;
    }

    /** Derives the 32-byte PBKDF2-HMAC-SHA256 key; the JDK encodes the password as UTF-8. */
    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        SecretKey key = null;
        try {
            key = SecretKeyFactory.getInstance(JCA_ALGORITHM).generateSecret(spec);
            return key.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute " + JCA_ALGORITHM, e);
        } finally {
            spec.clearPassword();
            destroy(key);
        }
    }

    private static void destroy(SecretKey key) {
        if (key != null && !key.isDestroyed()) {
            try {
                key.destroy();
            } catch (DestroyFailedException e) {
                // The key keeps its copy of the password until it is collected; nothing else holds it.
            }
        }
    }
}
