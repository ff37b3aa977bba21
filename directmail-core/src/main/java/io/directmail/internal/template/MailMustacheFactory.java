package io.directmail.internal.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.ValueCode;
import io.directmail.template.TemplatePart;
import java.io.StringReader;

/**
 * The mustache.java factory for templates. A part is compiled under its
 * {@link TemplatePart#label() label} as the file name, which decides escaping:
 * {@code {{name}}} is HTML-escaped in the {@code html} part only. Variables are looked up in maps
 * alone ({@link VariableLookup}); partials, template inheritance and pragmas are refused (the
 * syntax check refuses them first), and no template is ever read from the class path or the
 * file system.
 *
 * <p>One factory belongs to one renderer; a template compiled with it must be run with it.
 */
final class MailMustacheFactory extends DefaultMustacheFactory {

    MailMustacheFactory() {
        super(resourceName -> null);
        setObjectHandler(new VariableLookup());
        mc.setAllowChangingDelimeters(false);
    }

    /**
     * Compiles one part.
     *
     * @throws MustacheException if mustache.java refuses it
     */
    Mustache compile(TemplatePart part, String source) {
        return compile(new StringReader(source), part.label());
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
        return new DefaultMustacheVisitor(this) {
            @Override
            public void value(TemplateContext tc, String variable, boolean encoded) {
                list.add(new ValueCode(tc, df, variable, encoded && TemplatePart.HTML.label().equals(tc.file())));
            }

            @Override
            public void partial(TemplateContext tc, String variable, String indent) {
                throw new MustacheException("partials are not supported", tc);
            }

            @Override
            public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                throw new MustacheException("partials are not supported", tc);
            }

            @Override
            public void extend(TemplateContext tc, String variable, Mustache mustache) {
                throw new MustacheException("template inheritance is not supported", tc);
            }

            @Override
            public void name(TemplateContext tc, String variable, Mustache mustache) {
                throw new MustacheException("template inheritance is not supported", tc);
            }

            @Override
            public void checkName(TemplateContext tc, String variable, Mustache mustache) {
                throw new MustacheException("template inheritance is not supported", tc);
            }

            @Override
            public void pragma(TemplateContext tc, String pragma, String args) {
                throw new MustacheException("pragmas are not supported", tc);
            }
        };
    }
}
