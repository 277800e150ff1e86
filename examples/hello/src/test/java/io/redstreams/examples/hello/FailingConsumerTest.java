package io.redstreams.examples.hello;

import static io.redstreams.testsupport.RedStreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.testsupport.RedStreamsApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;

/** What a user reads when a consumer does not acknowledge, and how the dead-letter stream is checked. */
class FailingConsumerTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @ApplicationScoped
    public static class Grumpy {
        void greet(@StreamConsumer(stream = "grumpy", group = "g", maxDeliveries = 2) Greeting greeting) {
            throw new IllegalStateException("not today, " + greeting.name());
        }
    }

    @Test
    void aConsumerThatDoesNotAcknowledgeFailsClearlyAndEndsInTheDeadLetterStream() {
        redis.admin().del("grumpy", "grumpy:dlq");
        try (RedStreamsApp app = RedStreamsApp.configure(redis).beans(Grumpy.class)
                .config("redstreams.consumer.retry-initial-backoff-ms", "3000")
                .config("redstreams.consumer.retry-max-backoff-ms", "3000").start()) {
            String id = app.producer().send("grumpy", new Greeting("Ada"));
            assertThatThrownBy(() -> assertThat(redis).within(Duration.ofMillis(500)).group("grumpy", "g")
                    .hasAcknowledged(id))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expected entry " + id + " to be acknowledged, but it was delivered and is"
                            + " still pending")
                    .hasMessageContaining(id + " consumer=")
                    .hasMessageContaining("deliveries=1");
            assertThat(redis).within(Duration.ofSeconds(20)).stream("grumpy:dlq")
                    .hasDeadLetterWithReason("IllegalStateException: not today, Ada");
            assertThat(redis).group("grumpy", "g").hasNoPendingEntries();
        }
    }
}
