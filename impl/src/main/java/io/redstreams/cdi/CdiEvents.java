package io.redstreams.cdi;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.events.ConsumerOutageBegan;
import io.redstreams.events.ConsumerOutageEnded;
import io.redstreams.events.DeadLettered;
import io.redstreams.events.EntriesClaimed;
import io.redstreams.impl.engine.EngineListener;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Turns the engine's signals into CDI events ({@code io.redstreams.events}), fired with {@code fireAsync}.
 *
 * <p>A consumer thread only puts the event into a bounded queue (it never blocks: when 10,000 events wait, in this
 * queue or for their observers to finish, the event is dropped and counted, and a warning is logged once per 1,000
 * drops); one daemon thread of this class
 * takes them in order and calls {@code fireAsync}, so even the container's observer resolution happens off the
 * consumer. Observers run on the container's asynchronous-event executor; one that throws or blocks affects only
 * the events after it, never a consumer. Synchronous {@code @Observes} observers are not called.
 *
 * <p>Thread-safe.
 */
final class CdiEvents implements EngineListener {

    private static final Logger LOG = Logger.getLogger(CdiEvents.class.getName());
    static final int QUEUE_SIZE = 10_000;

    private final BeanManager beanManager;
    private final ThreadPoolExecutor dispatcher;
    private final AtomicLong dropped = new AtomicLong();
    /** Events queued or not yet finished by their observers: at most {@value #QUEUE_SIZE}. */
    private final Semaphore waiting = new Semaphore(QUEUE_SIZE);

    CdiEvents(BeanManager beanManager) {
        this.beanManager = beanManager;
        this.dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_SIZE), r -> {
                    Thread t = new Thread(r, "redstreams-cdi-events");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> {
                    if (!executor.isShutdown()) {
                        drop();
                    }
                });
    }

    @Override
    public void deadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                             long deliveries) {
        fire(new DeadLettered(entryId, stream, group, deadLetterStream, reason, deliveries));
    }

    @Override
    public void outageBegan(String stream, String group, String consumer, String reason) {
        fire(new ConsumerOutageBegan(stream, group, consumer, reason));
    }

    @Override
    public void outageEnded(String stream, String group, String consumer, String reason, long durationMs) {
        fire(new ConsumerOutageEnded(stream, group, consumer, reason, durationMs));
    }

    @Override
    public void entriesClaimed(String stream, String group, String consumer, List<String> ids) {
        fire(new EntriesClaimed(stream, group, consumer, ids));
    }

    private void fire(Object event) {
        // A permit per event until its observers are done: the bound counts the events the container still holds
        // for its observers, not only those in our queue (the container's executor queue is unbounded, so a stuck
        // observer would otherwise make every later event wait in memory).
        if (!waiting.tryAcquire()) {
            drop();
            return;
        }
        dispatcher.execute(() -> {
            try {
                beanManager.getEvent().fireAsync(event)
                        .whenComplete((ignored, t) -> {
                            waiting.release();
                            if (t != null) {
                                LOG.log(Level.WARNING, "redstreams: an observer of "
                                        + event.getClass().getSimpleName() + " failed: " + t, t);
                            }
                        });
            } catch (Throwable t) {
                waiting.release();
                LOG.log(Level.WARNING, "redstreams: could not fire " + event.getClass().getSimpleName() + ": " + t, t);
            }
        });
    }

    private void drop() {
        long n = dropped.incrementAndGet();
        if (n % 1000 == 1) {
            LOG.warning(() -> "redstreams: " + n + " CDI event(s) dropped: " + QUEUE_SIZE
                    + " are waiting for their observers");
        }
    }

    /** Stops taking events (later ones are ignored); those queued are still fired by the daemon thread. */
    void close() {
        dispatcher.shutdown();
    }
}
