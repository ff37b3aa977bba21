/**
 * DirectMail for Java: an embeddable sender of transactional and batch email.
 *
 * <p>The entry point is {@link io.directmail.DirectMail#newBuilder()}. Everything under an
 * {@code internal} package is implementation and may change without notice.
 */
module io.directmail.core {
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires org.dnsjava;
    requires com.github.benmanes.caffeine;
    requires com.github.mustachejava;
    requires org.bouncycastle.provider;
    requires org.slf4j;
    requires transitive java.sql;

    exports io.directmail;
    exports io.directmail.account;
    exports io.directmail.batch;
    exports io.directmail.dkim;
    exports io.directmail.dns;
    exports io.directmail.list;
    exports io.directmail.quota;
    exports io.directmail.stats;
    exports io.directmail.store;
    exports io.directmail.template;
    exports io.directmail.transport;
}
