package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.ConsumerInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;
import io.redstreams.RedStreamsException;
import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;
import io.redstreams.testsupport.RedisExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * A hostile operator's reads: streams and groups that do not exist, keys of another type, names with spaces,
 * quotes, braces and non-ASCII characters, and deleting consumers that still hold entries.
 */
class AdminReadsAttackIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @Test
    void aStreamOrGroupThatDoesNotExistGivesEmptyAnswers() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Operator.class)) {
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            redis.admin().xadd("exists", StreamEntryID.NEW_ENTRY, Map.of("k", "v"));
            for (String stream : List.of("nope", "exists")) {
                assertThat(admin.consumers(stream, "nogroup")).isEmpty();
                assertThat(admin.pending(stream, "nogroup", 10)).isEmpty();
                assertThat(admin.pending(stream, "nogroup", "c", "-", "+", 10)).isEmpty();
                PendingSummary summary = admin.pendingSummary(stream, "nogroup");
                assertThat(summary.count()).isZero();
                assertThat(admin.deleteEmptyConsumers(stream, "nogroup", Duration.ZERO)).isEmpty();
            }
            assertThat(admin.groups("nope")).isEmpty();
            assertThat(admin.groups("exists")).isEmpty();
            assertThat(admin.deadLetters("nope:dlq", 10)).isEmpty();
            ReplayResult replay = admin.replayAll("nope:dlq");
            assertThat(replay.complete()).isTrue();
            assertThat(replay.replayed()).isEmpty();
            assertThat(redis.admin().exists("nope:dlq")).isFalse();
        }
    }

    @Test
    void aKeyOfAnotherTypeThrowsNamingTheCommandAndAReplayStops() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Operator.class)) {
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            redis.admin().set("str", "x");
            assertThatThrownBy(() -> admin.groups("str")).isInstanceOf(RedStreamsException.class)
                    .hasMessageContaining("WRONGTYPE").hasMessageContaining("XINFO");
            assertThatThrownBy(() -> admin.consumers("str", "g")).isInstanceOf(RedStreamsException.class)
                    .hasMessageContaining("WRONGTYPE");
            assertThatThrownBy(() -> admin.pendingSummary("str", "g")).isInstanceOf(RedStreamsException.class)
                    .hasMessageContaining("WRONGTYPE");
            assertThatThrownBy(() -> admin.pending("str", "g", 5)).isInstanceOf(RedStreamsException.class)
                    .hasMessageContaining("WRONGTYPE");
            assertThatThrownBy(() -> admin.deadLetters("str", 5)).isInstanceOf(RedStreamsException.class)
                    .hasMessageContaining("WRONGTYPE");
            assertThatThrownBy(() -> admin.deleteEmptyConsumers("str", "g", Duration.ZERO))
                    .isInstanceOf(RedStreamsException.class).hasMessageContaining("WRONGTYPE");
            ReplayResult replay = admin.replayAll("str");
            System.out.println("replayAll of a string key: stopped early: " + replay.stoppedEarly());
            assertThat(replay.stoppedEarly()).contains("WRONGTYPE");
            assertThat(redis.admin().get("str")).isEqualTo("x");
        }
    }

    @Test
    void namesWithSpacesQuotesBracesAndNonAsciiComeBackExactlyAndHoldersAreNeverDeleted() {
        String stream = "zakázky:📦 {eu} \"q\"";
        String group = "grüppe ✓ 'g'";
        String holder = "verbraucher ü 1";
        String empty = "leer ✗ \\ \"x\"";
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Operator.class)) {
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            Jedis jedis = redis.admin();
            for (int i = 0; i < 3; i++) {
                jedis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("n", "№" + i));
            }
            jedis.xgroupCreate(stream, group, new StreamEntryID(0, 0), false);
            jedis.xreadGroup(group, holder, XReadGroupParams.xReadGroupParams().count(2),
                    Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            jedis.xgroupCreateConsumer(stream, group, empty);

            assertThat(admin.groups(stream)).singleElement().satisfies(g -> {
                assertThat(g.name()).isEqualTo(group);
                assertThat(g.consumers()).isEqualTo(2);
                assertThat(g.pending()).isEqualTo(2);
                assertThat(g.lag()).isEqualTo(1);
            });
            assertThat(admin.consumers(stream, group)).extracting(ConsumerInfo::name)
                    .containsExactlyInAnyOrder(holder, empty);
            assertThat(admin.pending(stream, group, 10)).extracting(PendingEntry::consumer)
                    .containsExactly(holder, holder);
            assertThat(admin.pending(stream, group, holder, "-", "+", 10)).hasSize(2);
            assertThat(admin.pendingSummary(stream, group).perConsumer()).isEqualTo(Map.of(holder, 2L));

            // a long minimum idle time deletes nothing; zero deletes only the consumer that holds nothing
            assertThat(admin.deleteEmptyConsumers(stream, group, Duration.ofDays(1))).isEmpty();
            List<String> deleted = admin.deleteEmptyConsumers(stream, group, Duration.ZERO);
            System.out.println("deleteEmptyConsumers with odd names: deleted " + deleted + ", left "
                    + admin.consumers(stream, group).stream().map(ConsumerInfo::name).toList());
            assertThat(deleted).containsExactly(empty);
            assertThat(admin.consumers(stream, group)).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo(holder);
                assertThat(c.pending()).isEqualTo(2);
            });
            assertThat(jedis.xpending(stream, group).getTotal()).isEqualTo(2);
        }
    }
}
