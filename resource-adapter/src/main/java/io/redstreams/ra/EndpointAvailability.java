package io.redstreams.ra;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.consumer.DeliveryRefusedException;

/**
 * Whether the container currently takes deliveries for one activation. A refusal before the bean
 * runs ({@code createEndpoint} throws {@code UnavailableException} because the bean's pool is
 * exhausted or the application is still starting, {@code beforeDelivery} fails, the delivery's
 * transaction cannot be used) starts an outage: the adapter asks the container again only after an
 * exponential backoff ({@code unavailableInitialBackoffMs}, doubling up to
 * {@code unavailableMaxBackoffMs}), and every entry meanwhile is refused here without asking it. The
 * first delivery the container takes ends the outage. One log line when an outage starts, one when
 * it ends (for outages that follow each other closely, at most one pair a minute; the others at
 * {@code FINE}); {@link Listener} is told of every one.
 *
 * <p>Thread-safe; no lock is held while the container or a listener runs.
 */
final class EndpointAvailability {

    private static final Logger LOG = Logger.getLogger(EndpointAvailability.class.getName());
    private static final long WARNING_INTERVAL_MS = 60_000;

    /**
     * Told when an activation's endpoint becomes unavailable and available again; for operations
     * signals (health, metrics). Called on a delivery thread: must return quickly and not throw
     * (what it throws is logged and ignored).
     */
    interface Listener {
        Listener NONE = new Listener() {
        };

        /** The container refused a delivery for {@code endpoint}; deliveries wait from now on. */
        default void unavailable(String endpoint, String reason) {
        }

        /** The container took a delivery again after {@code downMs} and {@code refusals} refused deliveries. */
        default void available(String endpoint, long downMs, long refusals) {
        }
    }

    private final String endpoint;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final Listener listener;

    private long downSince;
    private long attempts;
    private long refusals;
    private long retryAt;
    /** Whether this outage was logged at WARNING (and its end is logged at INFO). */
    private boolean outageLogged;
    private long lastWarningMillis;

    EndpointAvailability(String endpoint, long initialBackoffMs, long maxBackoffMs, Listener listener) {
        this.endpoint = endpoint;
        this.initialBackoffMs = Math.max(1, initialBackoffMs);
        this.maxBackoffMs = Math.max(this.initialBackoffMs, maxBackoffMs);
        this.listener = listener == null ? Listener.NONE : listener;
    }

    /**
     * Before asking the container: during an outage, until its next attempt is due, refuses at
     * once. When the attempt is due, lets this one caller through and holds the others back until
     * it has been answered (or until the next backoff, should it never be).
     *
     * @throws DeliveryRefusedException while the container is known to refuse
     */
    void checkAvailable() throws DeliveryRefusedException {
        long at;
        synchronized (this) {
            if (downSince == 0) {
                return;
            }
            long now = System.currentTimeMillis();
            if (now >= retryAt) {
                // This caller probes; the others wait for its answer until the probe's own backoff is over.
                retryAt = now + backoff(attempts + 1);
                return;
            }
            refusals++;
            at = retryAt;
        }
        throw new DeliveryRefusedException(endpoint + " is unavailable; waiting for the container", at, null);
    }

    /**
     * The container refused a delivery before the bean ran.
     *
     * @param what  which step refused, e.g. {@code "createEndpoint refused"}
     * @param cause the container's exception
     * @return the exception for the engine: the entry stays pending and is offered again at its time
     */
    DeliveryRefusedException refused(String what, Throwable cause) {
        String reason = what + ": " + cause;
        boolean started;
        boolean warn = false;
        long at;
        long wait;
        synchronized (this) {
            long now = System.currentTimeMillis();
            started = downSince == 0;
            if (started) {
                downSince = now;
                attempts = 0;
                refusals = 0;
                outageLogged = false;
            }
            // A pool too small for the activation's concurrency flaps: warn at most once a minute, and an outage
            // that started unlogged is warned of once that minute is over.
            if (!outageLogged && (lastWarningMillis == 0 || now - lastWarningMillis >= WARNING_INTERVAL_MS)) {
                warn = true;
                outageLogged = true;
                lastWarningMillis = now;
            }
            attempts++;
            refusals++;
            wait = backoff(attempts);
            retryAt = now + wait;
            at = retryAt;
        }
        if (started || warn) {
            LOG.log(warn ? Level.WARNING : Level.FINE, () -> "redstreams: " + endpoint + " is unavailable (" + reason
                    + "); its entries stay pending without using up maxDeliveries and are offered again after " + wait
                    + " ms, backing off to " + maxBackoffMs + " ms (logged once until it is available again, and at"
                    + " most once a minute)");
            if (started) {
                tell(() -> listener.unavailable(endpoint, reason));
            }
        } else {
            LOG.log(Level.FINE, () -> "redstreams: " + endpoint + " still unavailable (" + reason
                    + "); next attempt in " + wait + " ms");
        }
        return new DeliveryRefusedException(endpoint + ": " + reason, at, cause);
    }

    /** The container took a delivery ({@code beforeDelivery} returned): ends an outage, if there was one. */
    void accepted() {
        long down;
        long refused;
        boolean logged;
        synchronized (this) {
            if (downSince == 0) {
                return;
            }
            down = System.currentTimeMillis() - downSince;
            refused = refusals;
            logged = outageLogged;
            downSince = 0;
            attempts = 0;
            refusals = 0;
            retryAt = 0;
        }
        LOG.log(logged ? Level.INFO : Level.FINE, () -> "redstreams: " + endpoint + " is available again after "
                + down + " ms; " + refused + " deliveries were refused meanwhile, none counted as failed");
        tell(() -> listener.available(endpoint, down, refused));
    }

    private long backoff(long attempt) {
        if (attempt <= 1) {
            return initialBackoffMs;
        }
        int shift = (int) Math.min(attempt - 1, 30);
        long value = initialBackoffMs << shift;
        return value <= 0 || value > maxBackoffMs ? maxBackoffMs : value;
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "redstreams: the endpoint availability listener failed; ignored", e);
        }
    }
}
