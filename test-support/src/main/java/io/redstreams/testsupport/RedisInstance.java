package io.redstreams.testsupport;

import java.util.Optional;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;

/**
 * Where a test's Redis is and how to connect to it, whatever provided it: {@code REDIS_URL}, a Testcontainers
 * container or a local {@link RedisServer}. Test methods and constructors can take one as a parameter when the
 * class registers a {@link RedisExtension}.
 */
public final class RedisInstance {

    /** What provides the Redis. */
    public enum Kind {
        /** An already running server named by the {@code REDIS_URL} environment variable. */
        EXTERNAL,
        /** A {@code redis:7} container started by Testcontainers. */
        CONTAINER,
        /** A local {@code redis-server} process, see {@link RedisServer}. */
        LOCAL_PROCESS
    }

    private static final int TIMEOUT_MILLIS = 5000;

    private final Kind kind;
    private final String host;
    private final int port;
    private final String url;
    private final String user;
    private final String password;
    private final int database;
    private final boolean ssl;
    private final RedisServer server;
    private final AutoCloseable owner;

    private RedisInstance(Kind kind, String host, int port, String url, String user, String password, int database,
            boolean ssl, RedisServer server, AutoCloseable owner) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.url = url;
        this.user = user;
        this.password = password;
        this.database = database;
        this.ssl = ssl;
        this.server = server;
        this.owner = owner;
    }

    static RedisInstance external(String url, String host, int port, String user, String password, int database,
            boolean ssl) {
        // nothing to close: we did not start it, and must not stop it
        return new RedisInstance(Kind.EXTERNAL, host, port, url, user, password, database, ssl, null, null);
    }

    static RedisInstance container(String host, int port, AutoCloseable container) {
        return new RedisInstance(Kind.CONTAINER, host, port, "redis://" + host + ":" + port, null, null, 0, false,
                null, container);
    }

    static RedisInstance local(RedisServer server) {
        return new RedisInstance(Kind.LOCAL_PROCESS, server.host(), server.port(), server.url(), null,
                server.password().orElse(null), 0, false, server, server);
    }

    /** @return what provides this Redis */
    public Kind kind() {
        return kind;
    }

    /** @return the host to connect to */
    public String host() {
        return host;
    }

    /** @return the port to connect to */
    public int port() {
        return port;
    }

    /**
     * @return a {@code redis://host:port} URL; for {@link Kind#EXTERNAL} exactly the {@code REDIS_URL} given, which
     *     may carry credentials; otherwise without them (see {@link #password()})
     */
    public String url() {
        return url;
    }

    /** @return the ACL user to authenticate as, if any */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** @return the password to authenticate with, if any */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the local server process, present only for {@link Kind#LOCAL_PROCESS} */
    public Optional<RedisServer> server() {
        return Optional.ofNullable(server);
    }

    /**
     * @param clientName the {@code CLIENT SETNAME} of connections made with it, or {@code null} for none
     * @return a Jedis client configuration for this instance: RESP2, 5 s timeouts, credentials, database, TLS
     */
    public JedisClientConfig clientConfig(String clientName) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .resp2().autoNegotiateProtocol(false)
                .timeoutMillis(TIMEOUT_MILLIS)
                .database(database)
                .clientName(clientName);
        if (ssl) {
            // the JVM's default trust store and full verification, as for any rediss:// URL
            builder.sslOptions(SslOptions.defaults());
        }
        if (password != null) {
            builder.user(user).password(password);
        }
        return builder.build();
    }

    /**
     * @param clientName the client name, or {@code null} for none; avoid the {@code redstreams} prefix, which
     *     tests use to count the library's own connections
     * @return a new connection, owned (and to be closed) by the caller
     */
    public Jedis newJedis(String clientName) {
        return new Jedis(new HostAndPort(host, port), clientConfig(clientName));
    }

    void close() throws Exception {
        if (owner != null) {
            owner.close();
        }
    }

    @Override
    public String toString() {
        return kind + "[" + host + ":" + port + server().map(s -> ", dir=" + s.dir()).orElse("") + "]";
    }
}
