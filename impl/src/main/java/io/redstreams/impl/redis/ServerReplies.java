package io.redstreams.impl.redis;

import java.util.List;

/**
 * Which error replies of Redis mean "this connection talks to the wrong server, or to one that
 * cannot serve now" rather than "this command is wrong". The first kind is a connection-level
 * failure: the connection is discarded, the idle connections of its pool are closed (they most
 * likely talk to the same server), and the next attempt opens a fresh connection, which a DNS name
 * or proxy in front of Redis may send to the new primary. Every reply of this kind is sent before
 * the command runs, so the command was certainly not executed. The table is in the README
 * ("Connections and failures").
 */
final class ServerReplies {

    /** Reply codes (first word of the error) that mean wrong or unavailable server. */
    private static final List<String> WRONG_SERVER_CODES = List.of(
            "READONLY",    // a replica: the primary moved (failover behind a stable address)
            "MASTERDOWN",  // a replica that lost its primary and does not serve stale data
            "LOADING",     // still loading its dataset after a restart
            "MOVED",       // a Cluster node that does not own the key: the address now points into a cluster
            "ASK",         // the same, during a slot migration (with cluster.nodes: redirects, see ClusterConnection)
            "CLUSTERDOWN", // a Cluster node that cannot serve
            "NOREPLICAS"); // an old primary cut off from its replicas (min-replicas-to-write): it was failed over

    private ServerReplies() {
    }

    /**
     * @param message the error reply, as Jedis reports it
     * @return whether it means the connection should be dropped
     */
    static boolean isWrongServer(String message) {
        if (message == null) {
            return false;
        }
        String code = firstWord(message);
        if (WRONG_SERVER_CODES.contains(code)) {
            return true;
        }
        // A blocked command ends when its server turns into a replica:
        // "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)"
        return "UNBLOCKED".equals(code) && message.contains("instance state changed");
    }

    private static String firstWord(String message) {
        int end = 0;
        while (end < message.length() && !Character.isWhitespace(message.charAt(end))) {
            end++;
        }
        return message.substring(0, end);
    }
}
