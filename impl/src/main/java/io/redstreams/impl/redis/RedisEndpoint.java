package io.redstreams.impl.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where Redis is and who we are there, parsed from a {@code redis://} or {@code rediss://} URL
 * ({@code redis[s]://[[user]:password@]host[:port][/database]}).
 *
 * <p>{@link #toString()} and every error message show the URL without credentials: URLs end up
 * in logs and exception messages, passwords must not.
 */
public final class RedisEndpoint {

    private final String host;
    private final int port;
    private final boolean tls;
    private final int database;
    private final String user;
    private final char[] password;

    private RedisEndpoint(String host, int port, boolean tls, int database, String user, char[] password) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses a Redis URL.
     *
     * @throws IllegalArgumentException with a message that does not repeat the credentials
     */
    public static RedisEndpoint parse(String url) {
        Objects.requireNonNull(url, "redis url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid Redis URL " + redact(url)
                    + ": expected redis://[user:password@]host[:port][/database]");
        }
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("Invalid Redis URL " + redact(url)
                    + ": the scheme must be redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("Invalid Redis URL " + redact(url) + ": no host");
        }
        boolean tls = "rediss".equalsIgnoreCase(scheme);
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid Redis URL " + redact(url)
                        + ": the path must be a database number");
            }
        }
        String user = null;
        char[] password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            user = rawUser.isEmpty() ? null : decode(rawUser);
            if (colon >= 0) {
                password = decode(userInfo.substring(colon + 1)).toCharArray();
            }
        }
        return new RedisEndpoint(uri.getHost(), port, tls, database, user, password);
    }

    /** A copy with the user and password replaced where the given ones are non-empty. */
    public RedisEndpoint withCredentials(String newUser, String newPassword) {
        String u = newUser == null || newUser.isEmpty() ? user : newUser;
        char[] p = newPassword == null || newPassword.isEmpty() ? password : newPassword.toCharArray();
        return new RedisEndpoint(host, port, tls, database, u, p);
    }

    /** A copy at another host and port (a node of a cluster), with the same scheme, database and credentials. */
    public RedisEndpoint at(String newHost, int newPort) {
        return new RedisEndpoint(newHost, newPort, tls, database, user, password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls;
    }

    public int database() {
        return database;
    }

    /** The ACL user, or {@code null} for the default user. */
    public String user() {
        return user;
    }

    /** The password, or {@code null}. Never log it. */
    public String password() {
        return password == null ? null : new String(password);
    }

    /** The URL without credentials: {@code redis://host:port/db}, with {@code user@} if there is a user. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null) {
            s.append(user).append('@');
        } else if (password != null) {
            s.append("***@");
        }
        s.append(host).append(':').append(port);
        if (database != 0) {
            s.append('/').append(database);
        }
        return s.toString();
    }

    /** Removes whatever sits between the scheme and an {@code @}, for error messages about bad URLs. */
    static String redact(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        if (at < 0) {
            return url;
        }
        return (scheme >= 0 && scheme < at ? url.substring(0, scheme + 3) : "") + "***" + url.substring(at);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
