package io.redstreams.impl.redis;

import java.util.List;
import java.util.Objects;

/**
 * Where the sentinels are and which master they watch ({@code redstreams.redis.sentinel.*}). The
 * sentinels' own user and password, when set, are used for them; otherwise they are asked without
 * credentials. TLS and timeouts are the data nodes' ({@link RedisSettings}). {@link #toString()} is free
 * of secrets. Immutable.
 *
 * @param masterName the name the sentinels monitor the master under ({@code sentinel monitor <name> ...})
 * @param nodes      the sentinels, at least one
 * @param user       the sentinels' ACL user, or {@code null}
 * @param password   the sentinels' password, or {@code null}; never logged
 */
public record SentinelSettings(String masterName, List<RedisNode> nodes, String user, String password) {

    public SentinelSettings {
        Objects.requireNonNull(masterName, "masterName");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one sentinel is needed");
        }
        user = user == null || user.isEmpty() ? null : user;
        password = password == null || password.isEmpty() ? null : password;
    }

    @Override
    public String toString() {
        return "sentinel master '" + masterName + "' via " + nodes + (user != null ? " as " + user : "");
    }
}
