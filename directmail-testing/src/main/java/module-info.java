/** Loopback DNS and SMTP servers for tests of mail-sending code. */
module io.directmail.testing {
    requires org.dnsjava;
    requires org.slf4j;

    exports io.directmail.testing;
}
