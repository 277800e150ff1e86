package io.redstreams.testsupport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides where a test's Redis comes from and fails with one message listing every fix when it can come from
 * nowhere. A missing Redis is an error, never a skipped test: skipped tests look green in CI.
 */
final class RedisProvisioner {

    /** The environment variable naming an already running Redis for {@link RedisExtension#shared()}. */
    static final String REDIS_URL = "REDIS_URL";

    private RedisProvisioner() {
    }

    /**
     * For the JVM-wide instance: {@code REDIS_URL}, else a container when Docker is available, else a local
     * {@code redis-server}.
     */
    static RedisInstance shared() {
        String url = System.getenv(REDIS_URL);
        if (url != null && !url.isBlank()) {
            return external(url.trim());
        }
        List<String> tried = new ArrayList<>();
        tried.add(REDIS_URL + ": not set");
        RedisInstance container = tryContainer(tried);
        if (container != null) {
            return container;
        }
        return local(new RedisServer.Options(), tried, true);
    }

    /**
     * For a per-class instance. Unlike {@link #shared()}, the local {@code redis-server} comes first: dedicated
     * instances exist so tests can stop, kill and restart them, which only a local process allows. A container is
     * the fallback (then {@link RedisExtension#server()} fails); {@code REDIS_URL} is never used, since tests must
     * not stop a server they don't own.
     *
     * @param options options for the local process, or {@code null} for the defaults; options mean a local process
     *     is required, so there is no container fallback then
     */
    static RedisInstance dedicated(RedisServer.Options options) {
        List<String> tried = new ArrayList<>();
        if (options != null) {
            return local(options, tried, false);
        }
        try {
            return RedisInstance.local(RedisServer.start());
        } catch (IllegalStateException e) {
            tried.add("local redis-server: " + e.getMessage());
        }
        RedisInstance container = tryContainer(tried);
        if (container != null) {
            return container;
        }
        throw unavailable(tried, true);
    }

    static RedisInstance external(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(REDIS_URL + " is not a URL: " + url, e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) || uri.getHost() == null) {
            throw new IllegalStateException(REDIS_URL + " must look like redis://[user:password@]host[:port][/db]"
                    + " or rediss://..., got: " + url);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = userInfo;
            } else {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(REDIS_URL + " has a non-numeric database: " + url, e);
            }
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return RedisInstance.external(url, uri.getHost(), port, user, password, database, "rediss".equals(scheme));
    }

    private static RedisInstance tryContainer(List<String> tried) {
        if (!ContainerRedis.dockerAvailable()) {
            tried.add("Docker: not available");
            return null;
        }
        try {
            return ContainerRedis.start();
        } catch (RuntimeException e) {
            // e.g. the image cannot be pulled offline: a local binary may still do
            tried.add("Docker: starting " + ContainerRedis.IMAGE + " failed: " + e);
            return null;
        }
    }

    private static RedisInstance local(RedisServer.Options options, List<String> tried, boolean alternatives) {
        try {
            return RedisInstance.local(RedisServer.start(options));
        } catch (IllegalStateException e) {
            tried.add("local redis-server: " + e.getMessage());
            throw unavailable(tried, alternatives);
        }
    }

    /**
     * @param alternatives whether Docker and {@code REDIS_URL} would help; they don't when the test asked for a
     *     local process with options
     */
    private static IllegalStateException unavailable(List<String> tried, boolean alternatives) {
        StringBuilder message = new StringBuilder("No Redis available for tests. To fix, ")
                .append(RedisServer.INSTALL_HINT);
        if (alternatives) {
            message.append("; or start a Docker engine (Testcontainers then runs ").append(ContainerRedis.IMAGE)
                    .append("); or, for RedisExtension.shared() only, set ").append(REDIS_URL)
                    .append("=redis://host:port to use a running server");
        } else {
            message.append(" (RedisExtension.dedicated(options) needs a local redis-server:"
                    + " neither Docker nor REDIS_URL can stand in for it)");
        }
        message.append(". Tried:");
        for (String attempt : tried) {
            message.append("\n  - ").append(attempt);
        }
        return new IllegalStateException(message.toString());
    }
}
