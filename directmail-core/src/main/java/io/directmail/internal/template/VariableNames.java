package io.directmail.internal.template;

/**
 * The rule for variable names: letters (any script), digits, {@code '_'} and {@code '-'}. In a
 * template, {@code '.'} separates nested names ({@code order.id}); a CSV column, which names one
 * variable, has no dot.
 */
public final class VariableNames {

    private static final String ALLOWED = "may contain only letters, digits, '_' and '-'";

    private VariableNames() {
    }

    /**
     * Says what is wrong with a name as written in a template, dotted names included.
     *
     * @param name the name, trimmed
     * @return why it is refused, or {@code null} when it is fine
     */
    public static String referenceProblem(String name) {
        if (name.isEmpty()) {
            return "the variable name is empty";
        }
        for (String segment : name.split("\\.", -1)) {
            if (segment.isEmpty()) {
                return "a dotted variable name has an empty part (a leading, trailing or double '.')";
            }
            if (!plain(segment)) {
                return "a variable name " + ALLOWED + ", with '.' between nested names";
            }
        }
        return null;
    }

    /**
     * Says what is wrong with a single variable name, such as a CSV column's.
     *
     * @param name the name, trimmed
     * @return why it is refused, or {@code null} when it is fine
     */
    public static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "the name is empty";
        }
        if (!plain(name)) {
            return "a variable name " + ALLOWED;
        }
        return null;
    }

    private static boolean plain(String segment) {
        return segment.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }
}
