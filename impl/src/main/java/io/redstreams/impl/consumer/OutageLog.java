package io.redstreams.impl.consumer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs an outage once when it starts and once when it ends, not once per failed attempt, and tells its
 * {@link Signal} the same two moments (outside its lock).
 */
final class OutageLog {

    private static final Logger LOG = Logger.getLogger(OutageLog.class.getName());

    /** Told when an outage starts and ends; must not block (see {@code EngineListener}). */
    interface Signal {
        Signal NONE = new Signal() {
        };

        default void began(String reason) {
        }

        default void ended(String reason, long durationMs) {
        }
    }

    private final String who;
    private final Signal signal;
    private long downSince;
    private String firstReason;
    private String lastReason;
    /** While down: the last failure, for health checks (read without the lock). */
    private volatile String current;
    /** When the loop that reports here last came round (failed or recovered), epoch ms. */
    private volatile long lastReportMillis = System.currentTimeMillis();

    OutageLog(String who) {
        this(who, Signal.NONE);
    }

    OutageLog(String who, Signal signal) {
        this.who = who;
        this.signal = signal;
    }

    void failed(String reason, long nextAttemptMs) {
        boolean began = false;
        lastReportMillis = System.currentTimeMillis();
        current = reason == null ? "failing" : reason;
        synchronized (this) {
            if (downSince == 0) {
                downSince = System.currentTimeMillis();
                firstReason = reason;
                lastReason = reason;
                began = true;
                LOG.log(Level.WARNING, () -> who + ": " + reason + "; retrying every " + nextAttemptMs
                        + " ms or less until it works (logged once per outage)");
            } else if (reason != null && !reason.equals(lastReason)) {
                lastReason = reason;
                LOG.log(Level.FINE, () -> who + ": still failing: " + reason);
            }
        }
        if (began) {
            signal.began(reason);
        }
    }

    void recovered() {
        long took;
        String reason;
        lastReportMillis = System.currentTimeMillis();
        if (current == null) {
            return; // not down: the loop's every round comes here, so no lock on the common path
        }
        current = null;
        synchronized (this) {
            if (downSince == 0) {
                return;
            }
            took = System.currentTimeMillis() - downSince;
            reason = lastReason != null ? lastReason : firstReason;
            downSince = 0;
            lastReason = null;
            firstReason = null;
        }
        LOG.log(Level.INFO, () -> who + ": working again after " + took + " ms");
        signal.ended(reason, took);
    }

    /** The failure of the outage going on, or {@code null} when none is. */
    String currentFailure() {
        return current;
    }

    /** When the reporting loop last came round (each round reports a failure or that it works), epoch ms. */
    long lastReportMillis() {
        return lastReportMillis;
    }
}
