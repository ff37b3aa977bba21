/**
 * The DNS-backed {@link io.directmail.dns.MxResolver}: queries through dnsjava's resolvers,
 * classification of the responses, and a TTL-honouring answer cache. Not API: may change without
 * notice.
 */
package io.directmail.internal.dns;
