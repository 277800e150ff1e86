package io.redstreams.impl.redis;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

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

    private final RedisSettings settings;
    private final HostAndPort hostAndPort;

    JedisConnectionFactory(RedisSettings settings) {
        this.settings = settings;
        this.hostAndPort = new HostAndPort(settings.endpoint().host(), settings.endpoint().port());
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
     * @param readVersion also read the server version ({@code INFO server}, one more round trip)
     */
    Opened open(String role, int socketTimeoutMs, boolean readVersion) {
        RedisEndpoint endpoint = settings.endpoint();
        Jedis jedis = null;
        try {
            // Connects, authenticates and sets the client name now (Jedis does it in its constructor), so failures
            // surface here, with our messages.
            jedis = new Jedis(hostAndPort, config(role, socketTimeoutMs));
            jedis.ping();
            return new Opened(jedis, readVersion ? serverVersion(jedis) : null);
        } catch (JedisAccessControlException e) {
            closeQuietly(jedis);
            throw new RedisCommandException("Redis at " + endpoint + " refused the credentials"
                    + (endpoint.user() != null ? " of user '" + endpoint.user() + "'" : "")
                    + ": " + firstWord(e.getMessage()), null);
        } catch (JedisDataException e) {
            closeQuietly(jedis);
            if (ServerReplies.isWrongServer(e.getMessage())) { // e.g. LOADING while it starts
                throw new RedisConnectionException("Redis at " + endpoint + " cannot serve now: "
                        + firstWord(e.getMessage()), null, true);
            }
            throw new RedisCommandException("Redis at " + endpoint + " refused the connection: "
                    + firstWord(e.getMessage()), null);
        } catch (JedisConnectionException e) {
            closeQuietly(jedis);
            throw new RedisConnectionException("Cannot connect to Redis at " + endpoint + ": " + rootMessage(e), null,
                    true);
        }
    }

    /** A new connection and the version of the server it reached. */
    record Opened(Jedis jedis, String serverVersion) {
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
        if (endpoint.tls()) {
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
        return b.build();
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
