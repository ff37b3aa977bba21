package io.directmail.internal.registry;

/**
 * The rule for the name an account gives a template or a recipient list: 1 to 64 characters,
 * ASCII letters, digits, {@code '.'}, {@code '_'} and {@code '-'}, starting with a letter or a
 * digit. Such a name is safe in a URL path, a file name, a log line and a database key.
 */
public final class RegistryName {

    /** The longest name allowed. */
    public static final int MAX_LENGTH = 64;

    private RegistryName() {
    }

    /**
     * Says what is wrong with a name.
     *
     * @param name the name, may be null
     * @return why the name is refused, or {@code null} when it is fine
     */
    public static String problem(String name) {
        if (name == null) {
            return "a name is required";
        }
        if (name.isEmpty()) {
            return "the name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "the name is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        if (!isLetterOrDigit(name.charAt(0))) {
            return "the name must start with an ASCII letter or digit";
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return "the name may contain only ASCII letters, digits, '.', '_' and '-'";
            }
        }
        return null;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
