/**
 * Where accepted messages are kept until every recipient has a final outcome: the
 * {@link io.directmail.store.MailStore} SPI, its in-memory built-in for tests and fire-and-forget
 * use, and the embedded built-in that survives crashes with no server to run.
 */
package io.directmail.store;
