package io.directmail.internal.template;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.AbstractObjectHandler;
import com.github.mustachejava.util.Wrapper;
import java.util.List;
import java.util.Map;

/**
 * Finds a variable's value for mustache.java: in the innermost scope that is a map holding the
 * name, then, for a dotted name, member by member through nested maps (the mustache rule: only
 * the first name is looked up through the enclosing scopes). No object is inspected through
 * reflection.
 *
 * <p>A name that no scope holds, or that maps to {@code null}, is missing: it renders as nothing
 * and is reported to the {@link RenderScope} at the bottom of the scope stack, which also
 * records the values found while it records.
 */
final class VariableLookup extends AbstractObjectHandler {

    @Override
    public Wrapper find(String name, List<Object> ignored) {
        if (name == null) {
            return scopes -> null;
        }
        String[] path = name.split("\\.", -1);
        return scopes -> lookUp(name, path, scopes);
    }

    @Override
    public Binding createBinding(String name, TemplateContext tc, Code code) {
        Wrapper wrapper = find(name, null);
        return wrapper::call;
    }

    private Object lookUp(String name, String[] path, List<Object> scopes) {
        Object value = null;
        for (int i = scopes.size() - 1; i >= 0; i--) {
            if (scopes.get(i) instanceof Map<?, ?> map && map.containsKey(path[0])) {
                value = member(map.get(path[0]), path);
                break;
            }
        }
        RenderScope renderScope = scopes.isEmpty() ? null : scopes.get(0) instanceof RenderScope r ? r : null;
        if (renderScope != null) {
            if (value == null) {
                renderScope.missed(name);
            } else {
                renderScope.found(name, value);
            }
        }
        return value;
    }

    private Object member(Object first, String[] path) {
        Object value = coerce(first);
        for (int i = 1; i < path.length && value != null; i++) {
            value = value instanceof Map<?, ?> map ? coerce(map.get(path[i])) : null;
        }
        return value;
    }
}
