/**
 * Where accepted messages are kept until every recipient has a final outcome: the
 * {@link io.directmail.store.MailStore} SPI, its in-memory built-in for tests and fire-and-forget
 * use, the embedded built-in that survives crashes with no server to run, and the PostgreSQL
 * built-in for several nodes sharing one queue. A store also keeps the suppression list and
 * {@linkplain io.directmail.store.StoredRecord keyed records}, made for the sending model's state.
 */
package io.directmail.store;
