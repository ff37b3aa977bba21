package io.directmail.internal.smtp;

import io.directmail.EmailAddress;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.SmtpReply;
import java.time.Duration;

/**
 * Decides, for one delivery, which targets the {@link SmtpClient} may connect to now, how many
 * messages a connection it uses may carry, and hears why a target was abandoned. A gate that
 * limits destinations refuses a target whose host is at its connection limit; the client then
 * tries the next target, and when it could try none at all the recipients get
 * {@link #busy(EmailAddress, String)} instead of a failure.
 *
 * <p>Used by one delivery at a time. Internal API.
 */
public interface TargetGate {

    /**
     * Asks to use a target.
     *
     * @param target the server the client is about to use
     * @return a pass to hold while using it, or {@code null} when its host has no free connection
     */
    Pass enter(SmtpTarget target);

    /**
     * How long the client waits for a pooled connection when the pool of an address is full.
     * {@link Duration#ZERO} makes a full pool count as a busy host, like a refused pass.
     */
    Duration poolWait();

    /**
     * The outcome for a recipient that was not attempted because every target was busy.
     *
     * @param recipient the recipient
     * @param detail which targets were busy
     * @return its outcome
     */
    RecipientOutcome busy(EmailAddress recipient, String detail);

    /** Permission to use one target; closed when the client is done with it. */
    interface Pass extends AutoCloseable {

        /** Returns how many messages a connection may carry before it is closed instead of pooled. */
        int maxMessagesPerConnection();

        /**
         * Tells why the target was abandoned: the reply that refused the session or closed it (a
         * 421 greeting, for one), or {@code null} when no reply did (a refused connection, a timeout).
         */
        void abandoned(SmtpReply reply);

        /** Gives the permission back. */
        @Override
        void close();
    }
}
