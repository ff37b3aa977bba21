package io.directmail;

import java.util.Objects;

/**
 * The rules for the SMTP passwords of sender addresses, and how hard new ones are hashed. Start
 * from {@link #defaults()} and change single values with the {@code with...} methods; every
 * instance is immutable.
 *
 * <p>A password must have {@code minLength} to {@code maxLength} characters (Unicode code points)
 * and must not contain NUL, which SMTP AUTH PLAIN uses as a separator, nor half of a surrogate
 * pair.
 *
 * @param minLength the fewest characters a password may have; default 8, at least 1
 * @param maxLength the most characters a password may have; default 128, at most 1,024
 * @param iterations the PBKDF2-HMAC-SHA256 iteration count of new hashes; default 600,000 (OWASP's
 *     2023 figure for this function); 1,000 (the NIST SP 800-132 minimum) to 10,000,000. Tests
 *     may lower it to stay fast.
 */
public record SmtpPasswordPolicy(int minLength, int maxLength, int iterations) {

    /** The default iteration count of new hashes, 600,000. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** The lowest iteration count a policy or a stored hash may have, 1,000. */
    public static final int MIN_ITERATIONS = 1_000;
    /** The highest iteration count a policy or a stored hash may have, 10,000,000. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** The highest {@code maxLength}, 1,024 characters. */
    public static final int MAX_LENGTH = 1024;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value if it is out of range
     */
    public SmtpPasswordPolicy {
        if (minLength < 1) {
            throw new IllegalArgumentException("minLength must be at least 1, was " + minLength);
        }
        if (maxLength < minLength || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException("maxLength must be between minLength (" + minLength + ") and " + MAX_LENGTH
                    + ", was " + maxLength);
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS
                    + ", was " + iterations);
        }
    }

    /** {@return 8 to 128 characters, hashed with 600,000 iterations} */
    public static SmtpPasswordPolicy defaults() {
        return new SmtpPasswordPolicy(8, 128, DEFAULT_ITERATIONS);
    }

    /**
     * Checks a password against the rules. The message of the exception never contains the password.
     *
     * @param password the password; not changed
     * @throws NullPointerException if it is null
     * @throws InvalidPasswordException if it is too short, too long, or has a NUL or half a surrogate pair
     */
    public void check(char[] password) {
        Objects.requireNonNull(password, "password");
        int length = 0;
        for (int i = 0; i < password.length; i++) {
            char c = password[i];
            if (c == '\0') {
                throw new InvalidPasswordException("SMTP password must not contain a NUL character (position " + (i + 1) + ")");
            }
            if (Character.isHighSurrogate(c) && i + 1 < password.length && Character.isLowSurrogate(password[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidPasswordException("SMTP password has half of a surrogate pair at position " + (i + 1)
                        + "; it is not valid Unicode text");
            }
            length++;
        }
        if (length < minLength) {
            throw new InvalidPasswordException("SMTP password is " + length + " characters long; at least " + minLength
                    + " are required");
        }
        if (length > maxLength) {
            throw new InvalidPasswordException("SMTP password is " + length + " characters long; at most " + maxLength
                    + " are allowed");
        }
    }

    /**
     * {@return a copy with other length limits}
     *
     * @param min the fewest characters, at least 1
     * @param max the most characters, at least {@code min} and at most 1,024
     */
    public SmtpPasswordPolicy withLength(int min, int max) {
        return new SmtpPasswordPolicy(min, max, iterations);
    }

    /**
     * {@return a copy that hashes new passwords with another iteration count}
     *
     * @param count 1,000 to 10,000,000
     */
    public SmtpPasswordPolicy withIterations(int count) {
        return new SmtpPasswordPolicy(minLength, maxLength, count);
    }
}
