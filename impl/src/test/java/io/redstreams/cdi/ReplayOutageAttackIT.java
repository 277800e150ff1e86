package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import redis.clients.jedis.Jedis;

/**
 * Redis killed (SIGKILL, AOF fsync always) in the middle of a replay of a dead-letter stream of many pages: the
 * replay stops and says why, and after the restart every dead letter is in its source stream or still in the
 * dead-letter stream (lost = 0); at most the one in flight is duplicated.
 */
class ReplayOutageAttackIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(
            new RedisServer.Options().appendOnly(true).args("--appendfsync", "always"));

    @Test
    void redisKilledMidReplayLosesNothing() throws Exception {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Operator.class)) {
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            int total = 1500;
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                for (long n = 1; n <= total; n++) {
                    ReplayAttackIT.dead(jedis, "k:dlq", "k", n);
                }
            }
            CountDownLatch reached = new CountDownLatch(1);
            CountDownLatch killed = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            CompletableFuture<ReplayResult> replay = CompletableFuture.supplyAsync(() -> admin.replayIf("k:dlq", l -> {
                if (seen.incrementAndGet() == 700) { // page 7: the operator's filter runs while Redis goes away
                    reached.countDown();
                    try {
                        killed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return true;
            }));
            assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
            redis.server().kill();
            killed.countDown();
            ReplayResult result = replay.get(60, TimeUnit.SECONDS);
            redis.server().restart();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                    return "stream".equals(jedis.type("k:dlq"));
                }
            });
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                List<String> copies = ReplayAttackIT.copies(jedis, "k");
                Set<String> present = new HashSet<>(copies);
                present.addAll(ReplayAttackIT.copies(jedis, "k:dlq"));
                int lost = total - present.size();
                int duplicates = copies.size() + (int) jedis.xlen("k:dlq") - present.size();
                System.out.println("Redis killed at letter 700 of " + total + ": replayed " + result.replayed().size()
                        + ", failed " + result.failed().size() + ", stopped early: " + result.stoppedEarly()
                        + "; after restart: in source " + copies.size() + ", in dlq " + jedis.xlen("k:dlq")
                        + ", lost " + lost + ", duplicates " + duplicates);
                assertThat(result.stoppedEarly()).isNotNull();
                assertThat(result.replayed()).hasSize(699);
                assertThat(lost).isZero();
                assertThat(duplicates).isLessThanOrEqualTo(1);
                assertThat(copies).hasSize(699);
            }
            // and a replay after the restart finishes the job without duplicating anything
            ReplayResult again = admin.replayAll("k:dlq");
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                List<String> copies = ReplayAttackIT.copies(jedis, "k");
                System.out.println("replay after restart: replayed " + again.replayed().size() + ", source "
                        + copies.size() + ", distinct " + new HashSet<>(copies).size());
                assertThat(again.complete()).isTrue();
                assertThat(new HashSet<>(copies)).hasSize(total);
                assertThat(copies).hasSize(total);
                assertThat(jedis.xlen("k:dlq")).isZero();
            }
        }
    }
}
