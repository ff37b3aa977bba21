package io.directmail.internal.text;

/**
 * The rule for statistics tags, one for every place that takes one: not blank, at most
 * {@value #MAX_CHARS} characters, no line break or control character. Stateless.
 */
public final class TagRule {

    /** The longest tag. */
    public static final int MAX_CHARS = 128;

    private TagRule() {
    }

    /**
     * Says what is wrong with a tag.
     *
     * @param tag the tag, not null
     * @param whenBlank what to say after "is blank", such as what to pass instead
     * @return the problem, as "contains ...", "is blank ..." or "is N characters long; ...", or
     *     null if the tag follows the rule
     */
    public static String problem(String tag, String whenBlank) {
        HeaderText.Problem text = HeaderText.find(tag);
        if (text != null) {
            return "contains " + text.what();
        }
        if (tag.isBlank()) {
            return "is blank " + whenBlank;
        }
        if (tag.length() > MAX_CHARS) {
            return "is " + tag.length() + " characters long; a tag has at most " + MAX_CHARS;
        }
        return null;
    }
}
