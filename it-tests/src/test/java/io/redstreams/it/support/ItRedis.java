package io.redstreams.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;

/**
 * The one Redis of an integration-test run, shared by the test JVM and the server it starts.
 *
 * <p>The build reserves a free port ({@code it.redis.port}, build-helper {@code reserve-network-port}) and gives
 * it both to this JVM and, through the filtered {@code arquillian.xml}, to the server JVM as
 * {@code -Dredstreams.redis.url}. So the server knows where Redis is before anything starts, whatever order JUnit
 * and Arquillian run their callbacks in. It is a {@link RedisExtension#dedicated(RedisServer.Options) dedicated}
 * local {@code redis-server}, so tests can {@linkplain RedisServer#restart() restart} it; it is deliberately not
 * registered as a JUnit extension (which would stop it after each class while the server keeps running), but
 * lives as long as this JVM: {@link RedisServer}'s shutdown hook stops it.
 *
 * <p>Register this class as an extension <em>before</em> {@code ArquillianExtension}: its {@code beforeAll} starts
 * Redis and empties it before Arquillian starts the container and deploys the class's applications, so every
 * test class starts from an empty Redis (the previous class's applications are undeployed by then).
 */
public final class ItRedis implements BeforeAllCallback {

    /** The reserved port; without the build (e.g. in an IDE) any free port, and only Weld can use it then. */
    private static final int PORT = Integer.getInteger("it.redis.port", 0);

    public static final RedisExtension REDIS = RedisExtension.dedicated(new RedisServer.Options().port(PORT));

    static {
        // Weld embedded runs the application in this JVM: it reads the URL from this system property
        if (System.getProperty("redstreams.redis.url") == null) {
            System.setProperty("redstreams.redis.url", REDIS.url());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        REDIS.flushAll();
    }
}
