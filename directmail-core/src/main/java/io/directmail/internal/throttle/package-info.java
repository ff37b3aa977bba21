/**
 * Internal: how often and how much the direct-to-MX transport may send to each destination — a
 * token bucket with an adaptive rate per recipient domain, and connection slots per domain and per
 * mail exchanger, with a reserve that batch mail leaves for trigger mail. Nothing here waits: a
 * busy destination is answered with the time to come back. Not API.
 */
package io.directmail.internal.throttle;
