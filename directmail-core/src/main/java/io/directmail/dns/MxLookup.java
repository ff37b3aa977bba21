package io.directmail.dns;

import java.util.List;
import java.util.Objects;

/**
 * The answer to "where does mail for this domain go?": the hosts to try in order, or a failure
 * that says whether trying again later can help.
 */
public sealed interface MxLookup {

    /**
     * The mail exchangers to try, in order: by preference, shuffled among equal preferences.
     *
     * @param hosts the hosts, never empty
     */
    record Found(List<MxHost> hosts) implements MxLookup {
        /** Validates and copies the hosts. */
        public Found {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("a found lookup needs at least one host");
            }
        }
    }

    /**
     * The domain cannot receive mail and never will by retrying: it does not exist (NXDOMAIN),
     * it publishes a null MX (RFC 7505), or it has neither MX nor address records.
     *
     * @param reason what the DNS said
     */
    record PermanentFailure(String reason) implements MxLookup {
        /** Requires a reason. */
        public PermanentFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The answer could not be had now (SERVFAIL, timeout, unreachable name server); try later.
     *
     * @param reason what went wrong
     */
    record TemporaryFailure(String reason) implements MxLookup {
        /** Requires a reason. */
        public TemporaryFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
