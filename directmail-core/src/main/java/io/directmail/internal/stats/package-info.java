/**
 * Internal: the counting behind {@link io.directmail.stats.DeliveryStatistics} — the engine feeds
 * each request and outcome to a {@link io.directmail.internal.stats.StatisticsRecorder}, which
 * keeps the counts per account, day, tag and recipient domain until
 * {@link io.directmail.internal.stats.StoredStatistics} has added them to the totals in the
 * store; {@link io.directmail.internal.stats.StatisticsQueries} answers from those totals plus
 * the counts not stored yet. Not API; may change without notice.
 */
package io.directmail.internal.stats;
