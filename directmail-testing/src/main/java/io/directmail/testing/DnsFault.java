package io.directmail.testing;

/** A failure that {@link LoopbackDnsServer} produces for every query about one name. */
enum DnsFault {
    /** Answer with rcode SERVFAIL, as a resolver does when it cannot reach the authority. */
    SERVFAIL,
    /** Answer with rcode REFUSED, as a server does for a zone it will not serve. */
    REFUSED,
    /** Read the query and never answer it, so that the client's timeout has to fire. */
    TIMEOUT
}
