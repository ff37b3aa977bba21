package io.directmail.internal.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * What one render of one part learned about its variables: which were missing and, when asked
 * to record them, which values were found. It sits at the bottom of mustache.java's scope stack,
 * where {@link VariableLookup} finds it. It is used by one thread for one part.
 */
final class RenderScope {

    private final boolean recordValues;
    private final SequencedSet<String> missing = new LinkedHashSet<>();
    private final List<Map.Entry<String, Object>> found = new ArrayList<>();

    RenderScope(boolean recordValues) {
        this.recordValues = recordValues;
    }

    void missed(String name) {
        missing.add(name);
    }

    void found(String name, Object value) {
        if (recordValues) {
            found.add(Map.entry(name, value));
        }
    }

    /** Returns the missing names, in the order first used. */
    SequencedSet<String> missing() {
        return missing;
    }

    /** Returns the values found, in the order used, if recording. */
    List<Map.Entry<String, Object>> found() {
        return found;
    }
}
