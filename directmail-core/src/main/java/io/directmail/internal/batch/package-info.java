/**
 * Internal: what runs a batch behind {@code io.directmail.batch.Batches} — one runner per batch
 * that renders and queues its rows in order, the message each row becomes, and the signed
 * unsubscribe tokens. Not API; may change without notice.
 */
package io.directmail.internal.batch;
