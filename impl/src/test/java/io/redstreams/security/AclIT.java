package io.redstreams.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.Ledger;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * The library works as a Redis ACL user that may run only the commands it needs, on only its streams: the whole
 * path (send, sendAll, sendAsync with trimming; group creation; reads; acks; retries by XCLAIM; dead letters by
 * MULTI/XADD/XACK/EXEC; entries of a dead consumer reclaimed by XAUTOCLAIM; CLIENT UNBLOCK on shutdown) runs
 * under {@link #ACL}, Redis denies nothing (ACL LOG stays empty) and every permission of the line is used
 * (INFO commandstats), so none can be dropped.
 */
class AclIT {

    static final String PASSWORD = "Acl-S3cret-4b9e";
    static final String ADMIN_PASSWORD = "Admin-pw-77d1";
    static final String STREAM = "acl-orders";

    /** The commands of the line, as INFO commandstats names them. */
    static final List<String> COMMANDS = List.of("ping", "info", "client|setname", "client|id", "client|unblock",
            "client|list", "xadd", "xgroup|create", "xreadgroup", "xack", "xclaim", "xautoclaim", "xpending", "eval",
            "xinfo|consumers", "xgroup|delconsumer");

    /** The ACL line (without the leading {@code user}) that the README documents, for the stream {@value #STREAM}. */
    static final String ACL = "app on >" + PASSWORD + " resetchannels -@all ~" + STREAM + " ~" + STREAM + ":dlq +"
            + String.join(" +", COMMANDS);

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options()
            .requirePass(ADMIN_PASSWORD).aclLine(ACL));

    static final Ledger LEDGER = new Ledger();

    @ApplicationScoped
    public static class Orders {
        void on(@StreamConsumer(stream = STREAM, group = "billing", consumer = "live", concurrency = 2,
                maxDeliveries = 2) StreamMessage<String> m) {
            if (m.payload().startsWith("poison")) {
                throw new IllegalStateException("cannot bill " + m.payload());
            }
            LEDGER.handled("billing", m.id());
        }
    }

    @Test
    @Timeout(90)
    void theWholePathRunsUnderTheMinimalAclLine() throws Exception {
        System.out.println("ACL line: user " + ACL.replace(PASSWORD, "<password>"));
        try (Jedis admin = redis.newJedis()) {
            // entries of a consumer that died: delivered to "dead" (as the app user), never acknowledged
            try (Jedis asApp = new Jedis(new HostAndPort(redis.host(), redis.port()),
                    DefaultJedisClientConfig.builder().user("app").password(PASSWORD).resp2().build())) {
                asApp.xgroupCreate(STREAM, "billing", StreamEntryID.XGROUP_LAST_ENTRY, true);
                for (int i = 0; i < 3; i++) {
                    LEDGER.produced(asApp.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("payload", "orphan-" + i))
                            .toString());
                }
                asApp.xreadGroup("billing", "dead", XReadGroupParams.xReadGroupParams().count(10),
                        Map.of(STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            }
            admin.configResetStat();
            admin.aclLogReset();

            Map<String, String> config = WeldApp.defaults(redis.url());
            config.put("redstreams.redis.user", "app");
            config.put("redstreams.redis.password", PASSWORD);
            config.put("redstreams.consumer.reclaim-min-idle-ms", "200");
            config.put("redstreams.consumer.reclaim-interval-ms", "200");
            config.put("redstreams.consumer.block-ms", "2000");
            config.put("redstreams.producer.max-len", "100000");
            // the consumer "dead" is deleted once its entries are reclaimed (XGROUP DELCONSUMER in the cleanup script)
            config.put("redstreams.consumer.cleanup-idle-ms", "300");
            try (WeldApp app = WeldApp.start(config, Orders.class)) {
                StreamProducer producer = app.producer();
                LEDGER.produced(producer.send(STREAM, "one"));
                LEDGER.produced(producer.sendAll(STREAM, List.of("two", "three", "poison-1")));
                LEDGER.produced(producer.sendAsync(STREAM, "four").toCompletableFuture().get(10, TimeUnit.SECONDS));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(LEDGER.handledCount("billing")).isEqualTo(7);
                    assertThat(admin.xlen(STREAM + ":dlq")).isEqualTo(1);
                    assertThat(pending(admin)).isZero();
                    assertThat(admin.xinfoConsumers(STREAM, "billing")).extracting(c -> c.getName())
                            .doesNotContain("dead");
                });
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(clients(admin)).isZero());

            List<?> denied = admin.aclLog();
            Map<String, Long> calls = commandCalls(admin.info("commandstats"));
            System.out.println("commands run during the path: " + calls);
            assertThat(denied).as("ACL LOG: commands or keys Redis denied").isEmpty();
            for (String command : COMMANDS) {
                assertThat(calls.getOrDefault(command, 0L)).as("calls of " + command + ": every permission of the line is used").isPositive();
            }
            Ledger.Tally tally = LEDGER.tally(admin, STREAM, "billing");
            assertThat(tally.lost()).isEmpty();
            assertThat(tally.dlq()).isEqualTo(1);
        }
    }

    private static long pending(Jedis admin) {
        // XINFO GROUPS, not XPENDING: the admin must not add calls of the app's commands to commandstats
        return admin.xinfoGroups(STREAM).stream().filter(g -> g.getName().equals("billing"))
                .mapToLong(g -> g.getPending()).sum();
    }

    private static long clients(Jedis admin) {
        return RedisExtensionAccess.names(admin.clientList()).stream().filter(n -> n.startsWith("redstreams")).count();
    }

    static Map<String, Long> commandCalls(String commandstats) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : commandstats.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf(':') + 1);
                long n = Long.parseLong(rest.replaceAll("^calls=(\\d+),.*", "$1"));
                calls.put(name, n);
            }
        }
        return calls;
    }

    /** Client names from CLIENT LIST. */
    static final class RedisExtensionAccess {
        static List<String> names(String clientList) {
            List<String> names = new ArrayList<>();
            for (String line : clientList.split("\n")) {
                for (String field : line.trim().split(" ")) {
                    if (field.startsWith("name=") && field.length() > 5) {
                        names.add(field.substring(5));
                    }
                }
            }
            return names;
        }
    }
}
