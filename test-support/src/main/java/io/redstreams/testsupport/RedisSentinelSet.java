package io.redstreams.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A throwaway Sentinel set on 127.0.0.1: one master, one replica and three sentinels, each sentinel with its own
 * writable config file in its own temporary directory ({@code sentinel monitor <name> 127.0.0.1 <port> 2},
 * {@code down-after-milliseconds 2000}, {@code failover-timeout 10000}).
 *
 * <p>{@link #start()} returns once the replica is in sync and every sentinel answers
 * {@code SENTINEL CKQUORUM} with OK and knows the replica and the other sentinels, so {@link #failover()} can run
 * at once. {@link #close()} stops every process by its pid (SIGTERM, then SIGKILL after 10 s), never by name, and
 * deletes the temporary directories. A process that cannot start fails {@link #start()} with its log tail.
 * Thread-safe for reading; {@link #failover()} and {@link #close()} are for one thread.
 */
public final class RedisSentinelSet implements AutoCloseable {

    public static final String MASTER_NAME = "mymaster";
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /** Sentinels whose process may still be alive: a shutdown hook stops them (by pid) if a test run aborts. */
    private static final java.util.Set<Sentinel> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Sentinel::close), "sentinel-reaper"));
    }

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<Sentinel> sentinels = new ArrayList<>();

    private RedisSentinelSet() {
    }

    /**
     * Starts the master, the replica and the three sentinels and waits until the set is ready for a failover.
     *
     * @throws IllegalStateException naming the process that did not start or the condition that was not reached
     */
    public static RedisSentinelSet start() {
        RedisSentinelSet set = new RedisSentinelSet();
        try {
            RedisServer master = RedisServer.start();
            set.servers.add(master);
            set.servers.add(RedisServer.start(new RedisServer.Options()
                    .args("--replicaof", HOST, Integer.toString(master.port()))));
            set.awaitReplicaInSync(master.port());
            for (int i = 0; i < 3; i++) {
                set.sentinels.add(Sentinel.start(master.port()));
            }
            set.awaitStable(master.port());
            return set;
        } catch (RuntimeException | Error e) {
            set.close();
            throw e;
        }
    }

    /** @return the master name the sentinels monitor: {@value #MASTER_NAME} */
    public String masterName() {
        return MASTER_NAME;
    }

    /** @return the sentinels as {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}, for {@code sentinel.nodes} */
    public String sentinelNodes() {
        return sentinels.stream().map(s -> HOST + ":" + s.port).collect(Collectors.joining(","));
    }

    /** @return the port of the master as the first reachable sentinel names it */
    public int masterPort() {
        RuntimeException last = null;
        for (Sentinel s : sentinels) {
            try (Jedis jedis = s.connect()) {
                List<String> address = jedis.sentinelGetMasterAddrByName(MASTER_NAME);
                return Integer.parseInt(address.get(1));
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no sentinel names the master", last);
    }

    /** @return a plain connection to the server on {@code port} (master or replica); the caller closes it */
    public Jedis connect(int port) {
        return new Jedis(new HostAndPort(HOST, port), plain(2000));
    }

    /** @return the ports of the two data servers */
    public List<Integer> serverPorts() {
        return servers.stream().map(RedisServer::port).toList();
    }

    /**
     * {@code SENTINEL FAILOVER mymaster}, then waits until the sentinels name the other server and it answers
     * ROLE master. Returns at once after that: the old master is reconfigured as a replica about 10 s later.
     *
     * @return the new master's port
     */
    public int failover() {
        int before = masterPort();
        try (Jedis jedis = sentinels.get(0).connect()) {
            jedis.sentinelFailover(MASTER_NAME);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int now = masterPort();
            if (now != before && isMaster(now)) {
                return now;
            }
            pause(50);
        }
        throw new IllegalStateException("SENTINEL FAILOVER did not promote the replica within " + READY_TIMEOUT);
    }

    /**
     * Waits until the set can fail over again: the old master is a replica of the new one and in sync, and every
     * sentinel agrees on the master, reaches quorum and knows the replica.
     */
    public void awaitStable() {
        int master = masterPort();
        awaitReplicaInSync(master);
        awaitStable(master);
    }

    private void awaitReplicaInSync(int masterPort) {
        int replica = servers.stream().mapToInt(RedisServer::port).filter(p -> p != masterPort).findFirst()
                .orElseThrow();
        await("the replica on port " + replica + " to be in sync with the master on port " + masterPort, () -> {
            try (Jedis jedis = connect(replica)) {
                String info = jedis.info("replication");
                return info.contains("role:slave") && info.contains("master_port:" + masterPort)
                        && info.contains("master_link_status:up");
            }
        });
    }

    private void awaitStable(int masterPort) {
        for (Sentinel s : sentinels) {
            await("sentinel " + s.port + " to reach quorum and know the master " + masterPort + ", the replica and"
                    + " the other sentinels (log " + s.logFile + ")", () -> {
                try (Jedis jedis = s.connect()) {
                    List<String> address = jedis.sentinelGetMasterAddrByName(MASTER_NAME);
                    if (address == null || Integer.parseInt(address.get(1)) != masterPort) {
                        return false;
                    }
                    Object ok = jedis.sendCommand(redis.clients.jedis.Protocol.Command.SENTINEL, "CKQUORUM",
                            MASTER_NAME);
                    String quorum = new String((byte[]) ok, StandardCharsets.UTF_8);
                    return quorum.startsWith("OK") && jedis.sentinelReplicas(MASTER_NAME).stream()
                            .anyMatch(r -> !r.get("flags").contains("down") && !r.get("flags").contains("disconnected"))
                            && jedis.sentinelSentinels(MASTER_NAME).size() >= 2;
                } catch (JedisException e) {
                    return false;
                }
            });
        }
    }

    private boolean isMaster(int port) {
        try (Jedis jedis = connect(port)) {
            Object role = jedis.role().get(0);
            return "master".equals(role instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : role);
        } catch (JedisException e) {
            return false;
        }
    }

    /** Stops the sentinels and the servers by pid and deletes their directories. Idempotent. */
    @Override
    public void close() {
        for (Sentinel s : sentinels) {
            s.close();
        }
        sentinels.clear();
        for (RedisServer server : servers) {
            server.close();
        }
        servers.clear();
    }

    @Override
    public String toString() {
        return "RedisSentinelSet[servers=" + serverPorts() + ", sentinels=" + sentinelNodes() + "]";
    }

    private interface Condition {
        boolean holds();
    }

    private static void await(String what, Condition condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (JedisException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + READY_TIMEOUT + " waiting for " + what);
            }
            pause(50);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JedisClientConfig plain(int timeoutMs) {
        return DefaultJedisClientConfig.builder().resp2().autoNegotiateProtocol(false).timeoutMillis(timeoutMs)
                .clientSetInfoConfig(redis.clients.jedis.ClientSetInfoConfig.DISABLED).build();
    }

    /** One {@code redis-server <file> --sentinel} process in its own directory. */
    private static final class Sentinel {
        private final Path dir;
        private final Path logFile;
        private final int port;
        private Process process;

        private Sentinel(Path dir, int port) {
            this.dir = dir;
            this.logFile = dir.resolve("sentinel.log");
            this.port = port;
        }

        static Sentinel start(int masterPort) {
            Path dir;
            try {
                dir = Files.createTempDirectory("redstreams-sentinel-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temp dir for a sentinel", e);
            }
            Sentinel s = new Sentinel(dir, RedisServer.freePort());
            LIVE.add(s);
            try {
                s.launch(masterPort);
                return s;
            } catch (RuntimeException | Error e) {
                s.close();
                throw e;
            }
        }

        private void launch(int masterPort) {
            Path config = dir.resolve("sentinel.conf");
            try {
                Files.writeString(config, String.join("\n",
                        "port " + port,
                        "bind " + HOST,
                        "dir " + dir,
                        "daemonize no",
                        "sentinel monitor " + MASTER_NAME + " " + HOST + " " + masterPort + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " 2000",
                        "sentinel failover-timeout " + MASTER_NAME + " 10000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1",
                        ""));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + config, e);
            }
            try {
                process = new ProcessBuilder("redis-server", config.toString(), "--sentinel")
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run redis-server --sentinel: " + e.getMessage() + "; "
                        + RedisServer.INSTALL_HINT, e);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server --sentinel on port " + port + " exited with code "
                            + process.exitValue() + "\n--- " + logFile + " ---\n" + tail());
                }
                try (Jedis jedis = connect()) {
                    jedis.ping();
                    return;
                } catch (JedisException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("sentinel on port " + port + " did not answer within 10 s\n--- "
                                + logFile + " ---\n" + tail());
                    }
                    pause(20);
                }
            }
        }

        Jedis connect() {
            return new Jedis(new HostAndPort(HOST, port), plain(2000));
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        void close() {
            LIVE.remove(this);
            Process p = process;
            if (p != null) {
                p.destroy();
                try {
                    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort
            }
        }
    }
}
