package io.redstreams.impl.consumer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs an outage once when it starts and once when it ends, not once per failed attempt.
 */
final class OutageLog {

    private static final Logger LOG = Logger.getLogger(OutageLog.class.getName());

    private final String who;
    private long downSince;
    private String lastReason;

    OutageLog(String who) {
        this.who = who;
    }

    synchronized void failed(String reason, long nextAttemptMs) {
        if (downSince == 0) {
            downSince = System.currentTimeMillis();
            lastReason = reason;
            LOG.log(Level.WARNING, () -> who + ": " + reason + "; retrying every " + nextAttemptMs
                    + " ms or less until it works (logged once per outage)");
        } else if (!reason.equals(lastReason)) {
            lastReason = reason;
            LOG.log(Level.FINE, () -> who + ": still failing: " + reason);
        }
    }

    synchronized void recovered() {
        if (downSince != 0) {
            long took = System.currentTimeMillis() - downSince;
            downSince = 0;
            lastReason = null;
            LOG.log(Level.INFO, () -> who + ": working again after " + took + " ms");
        }
    }
}
