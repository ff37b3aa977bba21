/**
 * Delivery statistics: per account, day, tag and recipient domain, how many recipients were
 * requested, delivered, failed, invalid, suppressed, deferred and unsubscribed, and the delivery
 * rate. {@link io.directmail.DirectMail#statistics()} returns the
 * {@link io.directmail.stats.DeliveryStatistics} of an instance; each row is a
 * {@link io.directmail.stats.DailyCounts}; {@link io.directmail.stats.StatisticsOptions} sets the
 * zone whose midnight starts a day and bounds the memory kept.
 *
 * <p>Per-message detail (each recipient's status, attempts, last SMTP reply and times) is
 * {@link io.directmail.DirectMail#status(String)}.
 */
package io.directmail.stats;
