/**
 * Parts of the message listing ({@link io.directmail.DirectMail#messages}) shared by the public
 * query types and the stores: the cursor format and the choice of a page among candidates.
 *
 * <p>Everything here is internal: not exported, may change without notice.
 */
package io.directmail.internal.query;
