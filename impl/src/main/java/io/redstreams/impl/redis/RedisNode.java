package io.redstreams.impl.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code host:port} address of a Redis node or sentinel, as listed in
 * {@code redstreams.redis.sentinel.nodes} and {@code redstreams.redis.cluster.nodes}.
 * An IPv6 address is written in brackets: {@code [::1]:26379}. Immutable.
 */
public record RedisNode(String host, int port) {

    /**
     * Parses a comma-separated {@code host:port} list. Every bad entry is added to {@code problems} as a message
     * naming {@code key}, so a caller can report all of them at once.
     *
     * @param key      the configuration key, for the messages
     * @param text     the list; blank gives an empty list
     * @param problems receives one message per bad entry
     * @return the good entries, in order, without repeats
     */
    public static List<RedisNode> parseList(String key, String text, List<String> problems) {
        List<RedisNode> nodes = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return nodes;
        }
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String entry = parts[i].trim();
            if (entry.isEmpty()) {
                problems.add(key + ": entry " + (i + 1) + " of '" + text.trim() + "' is empty (expected host:port,...)");
                continue;
            }
            RedisNode node = parse(key, entry, problems);
            if (node != null && !nodes.contains(node)) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    private static RedisNode parse(String key, String entry, List<String> problems) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            problems.add(key + ": '" + entry + "' is not host:port");
            return null;
        }
        String host = entry.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            problems.add(key + ": '" + entry + "' is not host:port (write an IPv6 address in brackets: [::1]:26379)");
            return null;
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            problems.add(key + ": '" + entry + "' has no valid host");
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + entry + "' has no valid port");
            return null;
        }
        if (port < 1 || port > 65535) {
            problems.add(key + ": port " + port + " of '" + entry + "' is out of range (1-65535)");
            return null;
        }
        return new RedisNode(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
