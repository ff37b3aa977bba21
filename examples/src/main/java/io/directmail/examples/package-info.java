/** Runnable examples of DirectMail for Java; the user guide quotes them. */
package io.directmail.examples;
