/**
 * Internal: the counting behind {@link io.directmail.stats.DeliveryStatistics} — the engine feeds
 * each request and outcome to a {@link io.directmail.internal.stats.StatisticsRecorder}, which
 * keeps the counts per account, day, tag and recipient domain in memory and hands them to a store
 * on request. Not API; may change without notice.
 */
package io.directmail.internal.stats;
