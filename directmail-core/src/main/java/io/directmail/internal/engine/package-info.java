/**
 * Internal: the engine behind {@code DirectMail} — admission, the queue and the delivery
 * workers. Not API; may change without notice.
 */
package io.directmail.internal.engine;
