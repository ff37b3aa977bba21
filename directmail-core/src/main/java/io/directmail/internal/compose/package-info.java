/**
 * Internal: turns a {@link io.directmail.Mail} into MIME wire form. Not API; it may change
 * without notice. The engine calls {@link io.directmail.internal.compose.MimeComposer} once per
 * message before DKIM signing.
 */
package io.directmail.internal.compose;
