/**
 * The in-memory {@link io.directmail.store.MailStore}: for tests and fire-and-forget use, nothing
 * survives the process. Also the argument checks both built-in stores share.
 *
 * <p>Everything here is internal: not exported, may change without notice.
 */
package io.directmail.internal.store.memory;
