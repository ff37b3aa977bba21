package io.directmail.dkim;

import io.directmail.DirectMailException;
import java.io.Serial;

/**
 * Thrown when a {@link DkimKey} cannot be made from the given input: text that is not a PKCS#8
 * PEM private key, a key of a type DKIM cannot sign with, an RSA key shorter than 1,024 bits, or a
 * signing domain or selector that is not a valid DNS name. The message names what is wrong and
 * with which value; it never contains key material.
 */
public class InvalidDkimKeyException extends DirectMailException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception explaining what is wrong with the key or its names.
     *
     * @param message the explanation, naming the bad value
     */
    public InvalidDkimKeyException(String message) {
        super(message);
    }

    /**
     * Creates an exception explaining what is wrong, with the failure that revealed it.
     *
     * @param message the explanation, naming the bad value
     * @param cause the underlying failure, for example a parse error
     */
    public InvalidDkimKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
