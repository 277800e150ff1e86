package io.redstreams.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;

/** A consumer's {@code StreamMessage} has the same timestamp and sequence as the reader's, from the id. */
class ConsumerMessageIdsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @ApplicationScoped
    public static class Audit {
        final List<StreamMessage<Trade>> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "audit-ids", group = "audit", startFrom = "0") StreamMessage<Trade> message) {
            seen.add(message);
        }

        List<StreamMessage<Trade>> seen() {
            return seen;
        }
    }

    @Test
    void consumerDeliveriesCarryTimestampAndSequence() {
        redis.admin().del("audit-ids");
        Readers.add(redis, "audit-ids", "1700000000123-9", Map.of("payload", "{\"id\":1,\"symbol\":\"A\"}"));
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Audit.class, Readers.Replay.class)) {
            String live = app.producer().send("audit-ids", new Trade(2, "B"));
            Audit audit = app.bean(Audit.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> audit.seen().size() == 2);
            StreamMessage<Trade> first = audit.seen().get(0);
            assertThat(first.timestamp().toEpochMilli()).isEqualTo(1700000000123L);
            assertThat(first.sequence()).isEqualTo(9);
            StreamMessage<Trade> second = audit.seen().get(1);
            assertThat(second.id()).isEqualTo(live);
            StreamMessage<Trade> read = app.bean(Readers.Replay.class).reader()
                    .range("audit-ids", live, live, 1, Trade.class).get(0);
            assertThat(second.timestamp()).isEqualTo(read.timestamp());
            assertThat(second.sequence()).isEqualTo(read.sequence());
            assertThat(second.mappingFailure()).isEmpty();
        }
    }
}
