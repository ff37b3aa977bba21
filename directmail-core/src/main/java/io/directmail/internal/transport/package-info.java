/**
 * Internal: the built-in transports behind the URIs {@code mx:}, {@code smtp://}, {@code smtps://},
 * {@code file:} and {@code memory:}. Not API.
 */
package io.directmail.internal.transport;
