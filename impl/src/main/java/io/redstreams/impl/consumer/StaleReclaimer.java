package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

import io.redstreams.impl.engine.EngineSignals;
import io.redstreams.impl.redis.AutoClaimResult;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisConnection;

/**
 * Takes over entries that other consumers of the group left pending for longer than
 * {@code reclaim-min-idle-ms} (a crashed or stopped instance): every {@code reclaim-interval-ms},
 * {@code XAUTOCLAIM} in pages from a cursor that persists between rounds, at most ten batches per
 * round. Entries Redis reports deleted are logged (Redis already dropped them from the pending
 * list); claimed ones this consumer does not hold yet are handed on with their delivery counts.
 *
 * <p>Used by the worker's thread only.
 */
final class StaleReclaimer {

    /** The worker's logger: one consumer's messages stay under one name, as logging configurations expect. */
    private static final Logger LOG = Logger.getLogger(ConsumerWorker.class.getName());

    /** Where claimed entries go next: the worker's hand-off with delivery counts (one XPENDING). */
    @FunctionalInterface
    interface Hand {
        void handWithCounts(List<RawEntry> entries) throws InterruptedException;
    }

    private final ConsumerSpec spec;
    private final ConsumerSettings settings;
    private final Set<String> inFlight;
    private final EngineSignals signals;
    private String cursor = "0-0";
    private long nextRound;

    /** @param signals told of each page of entries claimed (before they are handed on) */
    StaleReclaimer(ConsumerSpec spec, ConsumerSettings settings, Set<String> inFlight, EngineSignals signals) {
        this.spec = spec;
        this.settings = settings;
        this.inFlight = inFlight;
        this.signals = signals;
    }

    /** When the next round is due (epoch ms). */
    long nextRound() {
        return nextRound;
    }

    /** Runs a round if one is due, as {@code consumerName}; the next is due one interval later. */
    void reclaimIfDue(RedisConnection connection, String consumerName, BooleanSupplier running, Hand hand)
            throws InterruptedException {
        if (System.currentTimeMillis() < nextRound) {
            return;
        }
        reclaim(connection, consumerName, running, hand);
        nextRound = System.currentTimeMillis() + settings.reclaimIntervalMs();
    }

    private void reclaim(RedisConnection connection, String consumerName, BooleanSupplier running, Hand hand)
            throws InterruptedException {
        int budget = spec.batchSize() * 10;
        do {
            AutoClaimResult result = connection.autoClaim(spec.stream(), spec.group(), consumerName,
                    settings.reclaimMinIdleMs(), cursor, spec.batchSize());
            cursor = result.nextCursor();
            if (!result.deletedIds().isEmpty()) {
                LOG.info(() -> spec.name() + ": " + result.deletedIds().size() + " pending entries of " + spec.stream()
                        + " no longer exist (trimmed or deleted); Redis dropped them from the pending list: "
                        + result.deletedIds());
            }
            List<RawEntry> fresh = new ArrayList<>(result.claimed().size());
            for (RawEntry entry : result.claimed()) {
                if (!inFlight.contains(entry.id())) {
                    fresh.add(entry);
                }
            }
            if (!fresh.isEmpty()) {
                LOG.info(() -> spec.name() + ": claimed " + fresh.size() + " entries of " + spec.stream()
                        + " left pending by other consumers for over " + settings.reclaimMinIdleMs() + " ms");
                if (signals.active()) {
                    signals.entriesClaimed(spec.stream(), spec.group(), consumerName,
                            fresh.stream().map(RawEntry::id).toList());
                }
                hand.handWithCounts(fresh);
            }
            budget -= result.claimed().size() + result.deletedIds().size();
        } while (running.getAsBoolean() && !"0-0".equals(cursor) && budget > 0);
    }
}
