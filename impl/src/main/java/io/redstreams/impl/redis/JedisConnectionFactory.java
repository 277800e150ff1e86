package io.redstreams.impl.redis;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Opens Jedis connections from {@link RedisSettings}: client name, credentials, TLS, timeouts.
 *
 * <p>RESP2 is chosen on purpose: the stream replies are parsed by {@link StreamReplies} in one
 * shape, whatever protocol the server would prefer.
 */
final class JedisConnectionFactory {

    private static final Logger LOG = Logger.getLogger(JedisConnectionFactory.class.getName());
    /** Connect attempts per {@link #open}: the sentinels may still name the old master for a moment. */
    private static final int MASTER_ATTEMPTS = 3;

    private final RedisSettings settings;
    private final HostAndPort hostAndPort;
    private final SentinelTopology topology;
    private volatile boolean roleDeniedLogged;

    JedisConnectionFactory(RedisSettings settings) {
        this.settings = settings;
        this.hostAndPort = new HostAndPort(settings.endpoint().host(), settings.endpoint().port());
        this.topology = settings.sentinel() == null ? null : new SentinelTopology(settings.sentinel(), this);
    }

    /** The sentinels' view of the master, or {@code null} without Sentinel. The caller closes it. */
    SentinelTopology topology() {
        return topology;
    }

    int timeoutMs() {
        return settings.timeoutMs();
    }

    /**
     * Opens a connected, authenticated connection named {@code <clientName>-<role>}.
     *
     * @param socketTimeoutMs the read timeout; blocking readers pass one longer than their block time
     */
    Opened open(String role, int socketTimeoutMs) {
        return open(role, socketTimeoutMs, false);
    }

    /**
     * With Sentinel, the master is resolved through the sentinels and checked with {@code ROLE} first; a
     * server that is not the master is closed and the sentinels asked again (up to 3 times, 100 ms apart).
     *
     * @param readVersion also read the server version ({@code INFO server}, one more round trip)
     */
    Opened open(String role, int socketTimeoutMs, boolean readVersion) {
        if (topology == null) {
            return openAt(hostAndPort, settings.endpoint().toString(), role, socketTimeoutMs, readVersion, false);
        }
        RedisConnectionException last = null;
        for (int attempt = 1; attempt <= MASTER_ATTEMPTS; attempt++) {
            RedisNode master = topology.resolveMaster();
            // after the lookup: a switch seen from now on makes this connection stale
            long generation = topology.generation();
            String where = address(master);
            try {
                Opened opened = openAt(SentinelTopology.hostAndPort(master), where, role, socketTimeoutMs,
                        readVersion, true);
                return new Opened(opened.jedis(), opened.serverVersion(), where, generation);
            } catch (RedisConnectionException e) {
                last = e;
            }
            if (attempt < MASTER_ATTEMPTS) {
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    private String address(RedisNode master) {
        RedisEndpoint endpoint = settings.endpoint();
        return (endpoint.tls() ? "rediss://" : "redis://") + (endpoint.user() != null ? endpoint.user() + "@" : "")
                + master + (endpoint.database() != 0 ? "/" + endpoint.database() : "") + " (master '"
                + settings.sentinel().masterName() + "')";
    }

    private Opened openAt(HostAndPort at, String where, String role, int socketTimeoutMs, boolean readVersion,
                          boolean mustBeMaster) {
        RedisEndpoint endpoint = settings.endpoint();
        Jedis jedis = null;
        try {
            // Connects, authenticates and sets the client name now (Jedis does it in its constructor), so failures
            // surface here, with our messages.
            jedis = new Jedis(at, config(role, socketTimeoutMs));
            jedis.ping();
            if (mustBeMaster) {
                checkMaster(jedis, where);
            }
            return new Opened(jedis, readVersion ? serverVersion(jedis) : null, where, 0);
        } catch (JedisAccessControlException e) {
            closeQuietly(jedis);
            throw new RedisCommandException("Redis at " + where + " refused the credentials"
                    + (endpoint.user() != null ? " of user '" + endpoint.user() + "'" : "")
                    + ": " + firstWord(e.getMessage()), null);
        } catch (JedisDataException e) {
            closeQuietly(jedis);
            if (ServerReplies.isWrongServer(e.getMessage())) { // e.g. LOADING while it starts
                throw new RedisConnectionException("Redis at " + where + " cannot serve now: "
                        + firstWord(e.getMessage()), null, true);
            }
            throw new RedisCommandException("Redis at " + where + " refused the connection: "
                    + firstWord(e.getMessage()), null);
        } catch (JedisConnectionException e) {
            closeQuietly(jedis);
            throw new RedisConnectionException("Cannot connect to Redis at " + where + ": " + rootMessage(e), null,
                    true);
        } catch (RedisConnectionException e) {
            closeQuietly(jedis);
            throw e;
        }
    }

    /**
     * {@code ROLE}: refuses a server that is not a master (the sentinels named it before they noticed a
     * failover). A user that may not run ROLE skips the check (logged once).
     */
    private void checkMaster(Jedis jedis, String where) {
        List<Object> role;
        try {
            role = jedis.role();
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOPERM")) {
                if (!roleDeniedLogged) {
                    roleDeniedLogged = true;
                    LOG.warning("redstreams: the Redis user may not run ROLE; the master named by the sentinels"
                            + " is used without checking its role (grant +role to close that gap)");
                }
                return;
            }
            throw e;
        }
        Object first = role == null || role.isEmpty() ? null : role.get(0);
        String name = first instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(first);
        if (!"master".equalsIgnoreCase(name)) {
            throw new RedisConnectionException("Redis at " + where + " is a " + name
                    + ", not the master (a failover is under way); asking the sentinels again", null, true);
        }
    }

    /** A connection to a sentinel: the sentinels' credentials, the data nodes' TLS and timeouts. */
    Jedis openSentinel(RedisNode node, int socketTimeoutMs) {
        SentinelSettings sentinel = settings.sentinel();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .resp2()
                .autoNegotiateProtocol(false)
                .clientName(settings.clientName() + "-sentinel")
                .connectionTimeoutMillis(settings.timeoutMs())
                .socketTimeoutMillis(socketTimeoutMs);
        if (sentinel.user() != null) {
            b.user(sentinel.user());
        }
        if (sentinel.password() != null) {
            b.password(sentinel.password());
        }
        tls(b);
        return new Jedis(SentinelTopology.hostAndPort(node), b.build());
    }

    /** A new connection and the version of the server it reached. */
    record Opened(Jedis jedis, String serverVersion, String where, long generation) {
    }

    /**
     * {@code INFO server}'s {@code redis_version}; {@code null} when the user may not run INFO (Redis
     * then notes one denial in its ACL LOG) or the reply has none.
     */
    private static String serverVersion(Jedis jedis) {
        String info;
        try {
            info = jedis.info("server");
        } catch (JedisDataException e) {
            if (ServerReplies.isWrongServer(e.getMessage())) {
                throw e;
            }
            return null;
        }
        int at = info.indexOf("redis_version:");
        if (at < 0) {
            return null;
        }
        int end = info.indexOf('\r', at);
        return info.substring(at + "redis_version:".length(), end < 0 ? info.length() : end).trim();
    }

    /** Whether {@code version} (e.g. {@code 8.6.0}) is at least {@code major.minor}; false when unknown. */
    static boolean atLeast(String version, int major, int minor) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private JedisClientConfig config(String role, int socketTimeoutMs) {
        RedisEndpoint endpoint = settings.endpoint();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .resp2()
                .autoNegotiateProtocol(false)
                .clientName(settings.clientName() + "-" + role)
                .connectionTimeoutMillis(settings.timeoutMs())
                .socketTimeoutMillis(socketTimeoutMs)
                .database(endpoint.database());
        if (endpoint.user() != null) {
            b.user(endpoint.user());
        }
        if (endpoint.password() != null) {
            b.password(endpoint.password());
        }
        tls(b);
        return b.build();
    }

    private void tls(DefaultJedisClientConfig.Builder b) {
        if (settings.endpoint().tls()) {
            b.ssl(true);
            SslOptions.Builder ssl = SslOptions.builder()
                    .sslVerifyMode(settings.verifyHostname() ? SslVerifyMode.FULL : SslVerifyMode.CA);
            if (settings.trustStore() != null) {
                ssl.truststore(new File(settings.trustStore()), chars(settings.trustStorePassword()));
            }
            if (settings.keyStore() != null) {
                ssl.keystore(new File(settings.keyStore()), chars(settings.keyStorePassword()));
            }
            b.sslOptions(ssl.build());
        }
    }

    private static void closeQuietly(Jedis jedis) {
        if (jedis != null) {
            jedis.close();
        }
    }

    private static char[] chars(String s) {
        return s == null ? null : s.toCharArray();
    }

    /** Redis error replies start with a code word (WRONGPASS, NOPERM ...); that is all we repeat. */
    private static String firstWord(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    /**
     * The most telling message of a failure: its root cause, or what Jedis 8 attaches as a
     * suppressed exception (e.g. {@code ConnectException: Connection refused}).
     */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        StringBuilder message = new StringBuilder(describe(t));
        List<Throwable> suppressed = new ArrayList<>(List.of(t.getSuppressed()));
        if (t != e) {
            suppressed.addAll(List.of(e.getSuppressed()));
        }
        for (Throwable s : suppressed) {
            String more = describe(rootOf(s));
            if (message.indexOf(more) < 0) {
                message.append(" (").append(more).append(')');
            }
        }
        return message.toString();
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    }

}
