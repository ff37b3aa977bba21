/**
 * The DirectMail API: the {@link io.directmail.DirectMail} facade, the {@link io.directmail.Mail}
 * a caller sends, the {@link io.directmail.Receipt} it gets back, and the delivery outcomes it can
 * observe through a {@link io.directmail.DeliveryListener} or by message id.
 *
 * <p>All values in this package are immutable and thread-safe. Bad input is refused with a
 * {@link io.directmail.InvalidMailException} (or a subclass) that names the bad value; every
 * failure the library reports is a {@link io.directmail.DirectMailException}.
 */
package io.directmail;
