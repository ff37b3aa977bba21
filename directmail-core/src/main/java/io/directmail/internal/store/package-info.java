/** Parts shared by the built-in {@link io.directmail.store.MailStore} implementations. */
package io.directmail.internal.store;
