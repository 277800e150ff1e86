package io.redstreams.testsupport;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The JUnit 5 extension that gives a test class a real Redis. Register it in a {@code static} field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension redis = RedisExtension.shared();
 *
 * @Test
 * void test() {
 *     redis.flushAll();
 *     try (Jedis jedis = redis.newJedis()) { ... }
 *     assertThat(redis.countClients("redstreams")).isZero();
 * }
 * }</pre>
 *
 * <p>Two flavours:
 * <ul>
 *   <li>{@link #shared()}: one Redis per JVM, started on first use, stopped when the JVM exits. It comes from the
 *       {@code REDIS_URL} environment variable if set, else from a Testcontainers {@code redis:7} container if
 *       Docker is available, else from a local {@code redis-server} on the PATH. Tests share it, so they should use
 *       their own keys or {@link #flushAll()} first, and must not stop it.</li>
 *   <li>{@link #dedicated()} / {@link #dedicated(RedisServer.Options)}: a Redis of the test class's own, started
 *       before its first test and stopped after its last. It prefers a local {@code redis-server}, whose
 *       {@link #server()} tests can stop, {@link RedisServer#kill() kill} and {@link RedisServer#restart()
 *       restart}; it never uses {@code REDIS_URL}.</li>
 *   <li>{@link #perTest()}: like {@link #dedicated()}, but a fresh Redis for every test method, stopped after it:
 *       for fault tests that leave Redis in a state the next test must not see.</li>
 * </ul>
 * If Redis can come from nowhere, the test class fails (it is never skipped) with a message saying what to install.
 *
 * <p>Accessors start Redis lazily, so they also work from static initializers. Test methods and constructors may
 * take a {@link RedisInstance} parameter instead of using the field (register only one {@code RedisExtension} per
 * class then, or JUnit cannot tell which one to ask). Connections this extension makes are named
 * {@value #ADMIN_CLIENT_NAME} or {@value #TEST_CLIENT_NAME}, never {@code redstreams*}, so counting the library's
 * connections by name is not disturbed.
 */
public final class RedisExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The client name of {@link #admin()}. */
    public static final String ADMIN_CLIENT_NAME = "test-admin";

    /** The client name of connections from {@link #newJedis()}. */
    public static final String TEST_CLIENT_NAME = "test-client";

    private static final System.Logger LOG = System.getLogger(RedisExtension.class.getName());

    private final boolean shared;
    private final boolean perTest;
    private final RedisServer.Options options;
    private RedisInstance instance;
    // the class whose afterAll stops a dedicated instance: @Nested classes run beforeAll/afterAll too, and must not
    private String ownerId;
    private Jedis admin;

    private RedisExtension(boolean shared, RedisServer.Options options) {
        this(shared, false, options);
    }

    private RedisExtension(boolean shared, boolean perTest, RedisServer.Options options) {
        this.shared = shared;
        this.perTest = perTest;
        this.options = options;
    }

    /**
     * Same as {@link #shared()}; lets {@code @ExtendWith(RedisExtension.class)} work for tests that only take
     * {@link RedisInstance} parameters.
     */
    public RedisExtension() {
        this(true, null);
    }

    /** @return an extension using the one Redis of this JVM (see the class comment for where it comes from) */
    public static RedisExtension shared() {
        return new RedisExtension(true, null);
    }

    /** @return an extension with a Redis of the test class's own, preferably a restartable local process */
    public static RedisExtension dedicated() {
        return new RedisExtension(false, null);
    }

    /**
     * @param options how to run the local {@code redis-server}; required to be local, there is no container
     *     fallback
     * @return an extension with a local Redis of the test class's own
     */
    public static RedisExtension dedicated(RedisServer.Options options) {
        return new RedisExtension(false, Objects.requireNonNull(options, "options").copy());
    }

    /**
     * @return an extension with a Redis of each test method's own (preferably a local process), started before the
     *     method and stopped after it; register it in a {@code static} or an instance field
     */
    public static RedisExtension perTest() {
        return new RedisExtension(false, true, null);
    }

    /**
     * @param options how to run the local {@code redis-server}
     * @return like {@link #perTest()}, with a local process run with these options
     */
    public static RedisExtension perTest(RedisServer.Options options) {
        return new RedisExtension(false, true, Objects.requireNonNull(options, "options").copy());
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (perTest) {
            return;
        }
        instance();
        if (!shared && ownerId == null) {
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (perTest) {
            instance();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            closeAdmin();
            RedisInstance own = instance;
            instance = null;
            if (own != null) {
                own.close();
            }
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        closeAdmin();
        if (perTest) {
            return;
        }
        if (!shared && context.getUniqueId().equals(ownerId)) {
            ownerId = null;
            RedisInstance dedicated = instance;
            // cleared first, so a later class reusing this extension (e.g. via a base class) gets a fresh Redis
            instance = null;
            if (dedicated != null) {
                dedicated.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisInstance.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return instance();
    }

    /**
     * @return where Redis is and how to connect, starting it if needed
     * @throws IllegalStateException if no Redis can be provided; the message says what to install
     */
    public synchronized RedisInstance instance() {
        if (instance == null) {
            instance = shared ? Shared.get() : RedisProvisioner.dedicated(options);
        }
        return instance;
    }

    /** @return the Redis URL, e.g. {@code redis://127.0.0.1:41234}; see {@link RedisInstance#url()} */
    public String url() {
        return instance().url();
    }

    /** @return the host to connect to */
    public String host() {
        return instance().host();
    }

    /** @return the port to connect to */
    public int port() {
        return instance().port();
    }

    /**
     * @return the local server process of a {@link #dedicated()} extension, to stop, kill or restart
     * @throws IllegalStateException for {@link #shared()} (other classes use it too), or when the dedicated Redis is
     *     a container because no local {@code redis-server} was found
     */
    public RedisServer server() {
        if (shared) {
            throw new IllegalStateException("server() needs RedisExtension.dedicated(): the shared Redis is used by"
                    + " every test class in this JVM (and may be external or a container), so it must not be"
                    + " stopped or restarted");
        }
        RedisInstance current = instance();
        return current.server().orElseThrow(() -> new IllegalStateException("server() needs a local redis-server,"
                + " but this dedicated Redis is a " + current.kind() + " (" + current + "), which cannot be"
                + " stopped or restarted from a test; " + RedisServer.INSTALL_HINT));
    }

    /**
     * @return the admin connection, named {@value #ADMIN_CLIENT_NAME}, owned by this extension (do not close it);
     *     reconnected if its connection broke, e.g. because Redis was restarted
     */
    public synchronized Jedis admin() {
        if (admin != null && !admin.isBroken()) {
            try {
                // a restart leaves the old socket looking healthy until used, so check it with a cheap round trip
                admin.ping();
                return admin;
            } catch (JedisConnectionException e) {
                LOG.log(Level.DEBUG, "admin connection lost, reconnecting", e);
            }
        }
        closeAdmin();
        admin = instance().newJedis(ADMIN_CLIENT_NAME);
        return admin;
    }

    /** Deletes all keys in all databases; on a shared Redis, mind other tests running in parallel. */
    public void flushAll() {
        admin().flushAll();
    }

    /** @return the names of all connected clients that have one ({@code name=} of {@code CLIENT LIST}) */
    public List<String> clientNames() {
        return parseClientNames(admin().clientList());
    }

    /**
     * @param namePrefix e.g. {@code "redstreams"}
     * @return how many connected clients have a name starting with the prefix
     */
    public int countClients(String namePrefix) {
        Objects.requireNonNull(namePrefix, "namePrefix");
        return (int) clientNames().stream().filter(name -> name.startsWith(namePrefix)).count();
    }

    /** @return a new connection named {@value #TEST_CLIENT_NAME}, owned (and to be closed) by the caller */
    public Jedis newJedis() {
        return instance().newJedis(TEST_CLIENT_NAME);
    }

    @Override
    public String toString() {
        return "RedisExtension[" + (shared ? "shared" : perTest ? "per test" : "dedicated") + ", " + instance + "]";
    }

    static List<String> parseClientNames(String clientList) {
        List<String> names = new ArrayList<>();
        for (String line : clientList.split("\n")) {
            // fields are space separated and a client name cannot contain spaces, so splitting is safe
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("name=")) {
                    String name = field.substring("name=".length());
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                    break;
                }
            }
        }
        return names;
    }

    private void closeAdmin() {
        Jedis current = admin;
        admin = null;
        if (current != null) {
            try {
                current.close();
            } catch (JedisException e) {
                // the server may already be gone; nothing left to release
                LOG.log(Level.DEBUG, "closing the admin connection failed", e);
            }
        }
    }

    /** The one Redis per JVM behind every {@link #shared()} extension. */
    private static final class Shared {
        private static RedisInstance instance;

        static synchronized RedisInstance get() {
            if (instance == null) {
                RedisInstance started = RedisProvisioner.shared();
                if (started.kind() == RedisInstance.Kind.CONTAINER) {
                    // a local process is reaped by RedisServer's own hook; a container needs one (Ryuk would
                    // remove it eventually, but not at once)
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started), "redis-shared-stop"));
                }
                LOG.log(Level.INFO, "shared Redis for tests: {0}", started);
                instance = started;
            }
            return instance;
        }

        private static void closeQuietly(RedisInstance started) {
            try {
                started.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping the shared Redis failed", e);
            }
        }
    }
}
