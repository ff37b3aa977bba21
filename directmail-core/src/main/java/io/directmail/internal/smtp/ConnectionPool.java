package io.directmail.internal.smtp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections to one address and port: at most {@code maxConnections} open at once (leased
 * plus idle), each reused for as many transactions as the caller that releases it allows, idle
 * ones closed with QUIT after {@code idleTimeout} as measured by the clock. A caller that finds the
 * pool full waits, for a bounded time (possibly none), until a connection is released. An idle
 * connection is reused only for the same host name, because TLS was verified (and SNI sent) for
 * that name.
 *
 * <p>Thread-safe. Network I/O (opening, QUIT) happens outside the lock.
 */
public final class ConnectionPool {

    /** Opens a new session with a target. */
    @FunctionalInterface
    interface Opener {
        SmtpConnection open(SmtpTarget target) throws TargetFailure;
    }

    private final int maxConnections;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Duration quitTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Deque<SmtpConnection> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    ConnectionPool(int maxConnections, Duration idleTimeout, Clock clock, Duration quitTimeout) {
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.quitTimeout = quitTimeout;
    }

    /**
     * Returns an idle connection to the target's host name, or a new one when the pool has room,
     * waiting at most {@code wait} for room.
     *
     * @throws TargetFailure if the wait ends without room ({@linkplain TargetFailure#isBusy() busy}
     *     when the wait was zero), the pool is closed, or opening fails
     */
    SmtpConnection acquire(SmtpTarget target, Duration wait, Opener opener) throws TargetFailure {
        List<SmtpConnection> retired = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new TargetFailure("the SMTP client is closed", null, null);
                }
                expire(retired);
                SmtpConnection reusable = takeIdle(target);
                if (reusable != null) {
                    return reusable;
                }
                if (open < maxConnections) {
                    open++;
                    break;
                }
                SmtpConnection other = idle.pollLast();
                if (other != null) {
                    open--;  // an idle connection for another host name makes room
                    retired.add(other);
                    continue;
                }
                if (wait.isZero()) {
                    throw TargetFailure.busy("all " + maxConnections + " connections to " + target.describe() + " are in use");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TargetFailure("all " + maxConnections + " connections to " + target.describe()
                            + " stayed busy for " + wait, null, null);
                }
                try {
                    available.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TargetFailure("interrupted while waiting for a connection to " + target.describe(), null, e);
                }
            }
        } finally {
            lock.unlock();
            quitAll(retired);
        }
        try {
            return opener.open(target);
        } catch (TargetFailure | RuntimeException e) {
            forget();
            throw e;
        }
    }

    /**
     * Returns a connection after use: kept idle if still healthy and under the message limit, else closed.
     *
     * @param maxMessages how many messages the connection may carry in all
     */
    void release(SmtpConnection connection, int maxMessages) {
        boolean keep;
        lock.lock();
        try {
            keep = !closed && !connection.isBroken() && connection.messagesSent() < maxMessages && !idleTimeout.isZero();
            if (keep) {
                connection.idleSince(clock.instant());
                idle.addFirst(connection);
                available.signal();
            } else {
                open--;
                available.signal();
            }
        } finally {
            lock.unlock();
        }
        if (!keep) {
            connection.quit(quitTimeout);
        }
    }

    /** Closes a connection that failed; it is not reused. */
    void discard(SmtpConnection connection) {
        connection.close();
        forget();
    }

    /** Closes idle connections whose idle time has run out. */
    void evictIdle() {
        List<SmtpConnection> retired = new ArrayList<>();
        lock.lock();
        try {
            expire(retired);
        } finally {
            lock.unlock();
        }
        quitAll(retired);
    }

    /** Returns the number of open connections, leased and idle. */
    int openConnections() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Quits the idle connections and refuses further use; leased ones are closed when released. */
    void close() {
        List<SmtpConnection> retired;
        lock.lock();
        try {
            closed = true;
            retired = new ArrayList<>(idle);
            open -= idle.size();
            idle.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        quitAll(retired);
    }

    private void forget() {
        lock.lock();
        try {
            open--;
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    private SmtpConnection takeIdle(SmtpTarget target) {
        for (Iterator<SmtpConnection> it = idle.iterator(); it.hasNext(); ) {
            SmtpConnection candidate = it.next();
            if (candidate.target().hostname().equalsIgnoreCase(target.hostname())) {
                it.remove();
                candidate.idleSince(null);
                return candidate;
            }
        }
        return null;
    }

    private void expire(List<SmtpConnection> retired) {
        Instant now = clock.instant();
        for (Iterator<SmtpConnection> it = idle.iterator(); it.hasNext(); ) {
            SmtpConnection candidate = it.next();
            if (candidate.isBroken() || !candidate.idleSince().plus(idleTimeout).isAfter(now)) {
                it.remove();
                open--;
                retired.add(candidate);
            }
        }
        if (!retired.isEmpty()) {
            available.signalAll();
        }
    }

    private void quitAll(List<SmtpConnection> retired) {
        for (SmtpConnection connection : retired) {
            connection.quit(quitTimeout);
        }
    }
}
