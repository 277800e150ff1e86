package io.redstreams.impl.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The master of a Sentinel-managed Redis, as the sentinels see it.
 *
 * <p>{@link #resolveMaster()} asks the sentinels in turn ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}), starting
 * with the one that answered last, until one knows the master. {@link #watch(String, Runnable)} starts one
 * thread, {@code redstreams-sentinel-<master>-<role>}, subscribed to {@code +switch-master} on one sentinel (the
 * next one when that fails); on a switch of our master it raises {@link #generation()} and runs the callback at
 * once (a lookup that names another master does the same), so that connections to the old master, which stays writable for a while after a failover, are dropped
 * before they confirm writes that will be lost. After every (re)subscription it asks for the master again, so a
 * switch missed while no sentinel was reachable is noticed too. {@link #close()} stops that thread and waits for
 * it: no thread outlives it.
 *
 * <p>Jedis's own {@code SentineledConnectionProvider} does the same resolution but owns its pool of anonymous
 * connections, all with one socket timeout; redstreams needs dedicated, named connections per role with long
 * socket timeouts for blocking reads, so only Jedis's commands are reused here. Thread-safe.
 */
final class SentinelTopology implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SentinelTopology.class.getName());
    private static final long MAX_BACKOFF_MS = 2000;

    private final SentinelSettings sentinel;
    private final JedisConnectionFactory factory;
    private final AtomicLong generation = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile int preferred;
    private volatile RedisNode lastMaster;
    private volatile Thread watcher;
    private volatile Jedis subscribed;
    private volatile JedisPubSub subscription;
    private volatile Runnable onSwitch = () -> { };

    SentinelTopology(SentinelSettings sentinel, JedisConnectionFactory factory) {
        this.sentinel = sentinel;
        this.factory = factory;
    }

    /**
     * The master's address, from the first sentinel that knows it.
     *
     * @throws RedisConnectionException (nothing was sent to the master) when no sentinel answered with one
     */
    RedisNode resolveMaster() {
        List<String> failures = new ArrayList<>();
        List<RedisNode> nodes = sentinel.nodes();
        int start = preferred;
        for (int i = 0; i < nodes.size(); i++) {
            int index = (start + i) % nodes.size();
            RedisNode node = nodes.get(index);
            try (Jedis jedis = factory.openSentinel(node, factory.timeoutMs())) {
                List<String> address = jedis.sentinelGetMasterAddrByName(sentinel.masterName());
                if (address == null || address.size() < 2) {
                    failures.add(node + ": does not know master '" + sentinel.masterName() + "'");
                    continue;
                }
                preferred = index;
                RedisNode master = new RedisNode(address.get(0), Integer.parseInt(address.get(1)));
                noteMaster(master, "the sentinels name another master");
                return master;
            } catch (RuntimeException e) {
                failures.add(node + ": " + JedisConnectionFactory.rootMessage(e));
            }
        }
        throw new RedisConnectionException("No sentinel could name the master '" + sentinel.masterName() + "' ("
                + String.join("; ", failures) + ")", null, true);
    }

    /**
     * Raises the generation and runs the switch callback when the master differs from the one seen before
     * (by a lookup on any thread, or by {@code +switch-master} on the watcher).
     */
    private void noteMaster(RedisNode master, String why) {
        RedisNode before;
        synchronized (generation) {
            before = lastMaster;
            lastMaster = master;
            if (before == null || before.equals(master)) {
                return;
            }
            generation.incrementAndGet();
        }
        LOG.info(() -> "redstreams: master '" + sentinel.masterName() + "' moved from " + before + " to " + master
                + " (" + why + "); connections to the old master are dropped");
        try {
            onSwitch.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "redstreams: dropping connections after a master switch failed", e);
        }
    }

    /** Raised on every master switch seen; connections opened under an older generation are stale. */
    long generation() {
        return generation.get();
    }

    /**
     * Starts the {@code +switch-master} watcher.
     *
     * @param role     part of the thread name
     * @param onSwitch run after the generation was raised, on the thread that noticed the switch (the watcher, or
     *                 one opening a connection whose lookup named a new master); must not block
     */
    synchronized void watch(String role, Runnable onSwitch) {
        if (watcher != null || closing.getCount() == 0) {
            return;
        }
        this.onSwitch = onSwitch;
        Thread t = new Thread(this::watchLoop, "redstreams-sentinel-" + sentinel.masterName() + "-" + role);
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    private void watchLoop() {
        long backoff = 100;
        boolean outage = false;
        int index = preferred;
        while (closing.getCount() > 0) {
            RedisNode node = sentinel.nodes().get(index % sentinel.nodes().size());
            try (Jedis jedis = factory.openSentinel(node, factory.timeoutMs())) {
                subscribed = jedis;
                JedisPubSub pubSub = new SwitchListener();
                subscription = pubSub;
                if (closing.getCount() == 0) {
                    break;
                }
                if (outage) {
                    LOG.info(() -> "redstreams: watching master '" + sentinel.masterName() + "' again via " + node);
                    outage = false;
                }
                backoff = 100;
                jedis.subscribe(pubSub, "+switch-master"); // returns on unsubscribe, throws when the sentinel goes
            } catch (RuntimeException e) {
                if (closing.getCount() == 0) {
                    break;
                }
                if (!outage) {
                    LOG.warning("redstreams: cannot watch master '" + sentinel.masterName() + "' via sentinel " + node
                            + " (" + JedisConnectionFactory.rootMessage(e) + "); trying the other sentinels");
                    outage = true;
                } else {
                    LOG.log(Level.FINE, "redstreams: sentinel {0} still unreachable", node);
                }
            } finally {
                subscribed = null;
                subscription = null;
            }
            index++;
            try {
                if (closing.await(backoff, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** Reacts to {@code +switch-master <name> <old-ip> <old-port> <new-ip> <new-port>} of our master. */
    private final class SwitchListener extends JedisPubSub {

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            // A switch may have happened while we were not subscribed: the lookup compares with the master seen
            // before and reacts like a +switch-master.
            try {
                resolveMaster();
            } catch (RuntimeException e) {
                // the next connect asks again
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            String[] parts = message.split(" ");
            if (parts.length < 5 || !parts[0].equals(sentinel.masterName())) {
                return;
            }
            RedisNode master;
            try {
                master = new RedisNode(parts[3], Integer.parseInt(parts[4]));
            } catch (NumberFormatException e) {
                return;
            }
            noteMaster(master, "+switch-master");
        }
    }

    /** Stops the watcher (unsubscribes, closes its connection) and waits for its thread to end. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closing.countDown();
            t = watcher;
        }
        JedisPubSub s = subscription;
        if (s != null) {
            try {
                s.unsubscribe();
            } catch (RuntimeException ignored) {
                // not subscribed (any more)
            }
        }
        Jedis j = subscribed;
        if (j != null) {
            try {
                j.close();
            } catch (RuntimeException ignored) {
                // the thread sees the closed socket and ends
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(factory.timeoutMs() + 2000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
                LOG.warning("redstreams: " + t.getName() + " did not stop in time");
            }
        }
    }

    static HostAndPort hostAndPort(RedisNode node) {
        return new HostAndPort(node.host(), node.port());
    }

    @Override
    public String toString() {
        return "SentinelTopology[" + sentinel + ", master=" + lastMaster + ", generation=" + generation + "]";
    }
}
