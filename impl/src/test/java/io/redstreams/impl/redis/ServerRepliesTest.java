package io.redstreams.impl.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's table of error replies: which mean "wrong or unavailable server". */
class ServerRepliesTest {

    @Test
    void wrongOrUnavailableServer() {
        for (String reply : new String[] {
                "READONLY You can't write against a read only replica.",
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
                "LOADING Redis is loading the dataset in memory",
                "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)",
                "MOVED 3999 127.0.0.1:6381",
                "ASK 3999 127.0.0.1:6381",
                "CLUSTERDOWN The cluster is down",
                "NOREPLICAS Not enough good replicas to write."}) {
            assertThat(ServerReplies.isWrongServer(reply)).as(reply).isTrue();
        }
    }

    @Test
    void commandErrors() {
        for (String reply : new String[] {
                "WRONGTYPE Operation against a key holding the wrong kind of value",
                "NOGROUP No such key 'orders' or consumer group 'billing'",
                "UNBLOCKED the stream key no longer exists",
                "BUSY Redis is busy running a script.",
                "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
                "OOM command not allowed when used memory > 'maxmemory'.",
                "TRYAGAIN Multiple keys request during rehashing of slot",
                "NOPERM this user has no permissions to run the 'xadd' command",
                "ERR unknown command",
                "READONLYX not a code we know",
                ""}) {
            assertThat(ServerReplies.isWrongServer(reply)).as(reply).isFalse();
        }
        assertThat(ServerReplies.isWrongServer(null)).isFalse();
    }
}
