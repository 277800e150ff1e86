package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.RedStreamsException;
import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;

/** The admin view while Redis is down: views throw, a replay stops and says why, nothing is lost. */
class StreamAdminOutageIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options().appendOnly(true));

    @Test
    void aReplayWhileRedisIsDownStopsAndSaysWhyAndWorksWhenRedisIsBack() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Picky.class,
                StreamAdminIT.Operator.class)) {
            StreamAdminIT.Picky picky = app.bean(StreamAdminIT.Picky.class);
            picky.failWith().put(1L, "state");
            app.producer().send("pay", new Order(1, 1), Map.of("n", "1"));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(redis.admin().xlen("pay:dlq")).isEqualTo(1);
                assertThat(redis.admin().xpending("pay", "g").getTotal()).isZero();
            });
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            picky.failWith().clear();

            redis.server().stop();
            ReplayResult down = admin.replayAll("pay:dlq");
            System.out.println("replay while Redis is down: replayed " + down.replayed().size() + ", failed "
                    + down.failed().size() + ", stopped early: " + down.stoppedEarly());
            assertThat(down.replayed()).isEmpty();
            assertThat(down.stoppedEarly()).isNotNull();
            assertThat(down.complete()).isFalse();
            assertThatThrownBy(() -> admin.groups("pay")).isInstanceOf(RedStreamsException.class)
                    .hasMessageContaining("redis://");

            redis.server().restart();
            // the dead letter survived the restart (AOF); the server may still be LOADING at first
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() ->
                    assertThat(redis.admin().xlen("pay:dlq")).isEqualTo(1));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(admin.replayAll("pay:dlq").replayed()).hasSize(1));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(picky.handledIds()).containsExactly(1L));
            assertThat(redis.admin().xlen("pay:dlq")).isZero();
            System.out.println("after the restart: handled " + picky.handled().size() + " of 1, lost 0");
        }
    }
}
