/**
 * Batch mail: one {@linkplain io.directmail.template.Template template} sent to every row of a
 * {@linkplain io.directmail.list.RecipientList recipient list}, with one-click unsubscribe.
 *
 * <p>{@link io.directmail.batch.Batches} runs batches through a {@link io.directmail.DirectMail}:
 * it reserves a batch's quota before the first message, renders and queues the rows one at a
 * time in the batch lane, and lets the application follow, pause, resume and cancel each batch.
 * A {@link io.directmail.batch.BatchRequest} says what to send; a
 * {@link io.directmail.batch.BatchProgress} where a batch stands; a
 * {@link io.directmail.batch.BatchRecord} is what a store keeps to take a batch up again after a
 * restart.
 *
 * <p>Every batch message carries {@code List-Unsubscribe} and {@code List-Unsubscribe-Post}
 * (RFC 8058) with a signed token, built from {@link io.directmail.batch.UnsubscribeSettings};
 * {@link io.directmail.batch.Unsubscribes} checks the token when the recipient unsubscribes and
 * puts the address on the suppression list.
 */
package io.directmail.batch;
