/**
 * Internal: DKIM signing (RFC 6376, RFC 8463) of composed messages. Not API; the package is not
 * exported from the {@code io.directmail.core} module and may change without notice. Applications
 * configure signing with {@link io.directmail.dkim.DkimKey}.
 */
package io.directmail.internal.dkim;
