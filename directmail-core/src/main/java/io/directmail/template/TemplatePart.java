package io.directmail.template;

/** The three parts of a {@link Template}, as named in errors. */
public enum TemplatePart {
    /** The subject line. */
    SUBJECT("subject"),
    /** The HTML body. */
    HTML("html"),
    /** The plain-text body. */
    TEXT("text");

    private final String label;

    TemplatePart(String label) {
        this.label = label;
    }

    /** Returns the part's name in lower case, as errors show it: {@code subject}, {@code html}, {@code text}. */
    public String label() {
        return label;
    }
}
