package io.redstreams.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.CircuitOpenException;
import io.redstreams.ProducerStatus;
import io.redstreams.StreamAdmin;
import io.redstreams.StreamSendException;
import io.redstreams.testsupport.RedStreamsApp;
import io.redstreams.testsupport.RedisExtension;

/**
 * The producer's circuit breaker in MicroProfile Metrics while Redis is down: the state gauge, and the four totals,
 * which this binding keeps as counters brought up to date after each failed send, equal the engine's own snapshot.
 */
class ProducerMetricsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    @Test
    void circuitCountersFollowTheEnginesTotalsWhileRedisIsDown() {
        MetricRegistry registry = MicroProfileMetricsIT.registry();
        try (RedStreamsApp app = RedStreamsApp.configure(redis)
                .config("redstreams.producer.circuit-breaker.failure-threshold", "3")
                .config("redstreams.producer.circuit-breaker.cool-down-ms", "60000")
                .beans(MicroProfileMetricsIT.Registries.class).start()) {
            app.producer().send("mp-out", "before");
            redis.server().stop();
            try {
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> app.producer().send("mp-out", "lost")).isInstanceOf(
                            StreamSendException.class);
                }
                for (int i = 0; i < 4; i++) {
                    assertThatThrownBy(() -> app.producer().send("mp-out", "refused")).isInstanceOf(
                            CircuitOpenException.class);
                }
                ProducerStatus.Circuit circuit = app.bean(StreamAdmin.class).producerStatus().circuit();
                long rejected = count(registry, "redstreams.producer.circuit.rejected");
                long failures = count(registry, "redstreams.producer.circuit.connection_failures");
                long opened = count(registry, "redstreams.producer.circuit.opened");
                System.out.println("circuit while Redis is down: engine " + circuit + "; MicroProfile Metrics rejected="
                        + rejected + " connection_failures=" + failures + " opened=" + opened + " state="
                        + MicroProfileMetricsIT.gauge(registry, "redstreams.producer.circuit.state", null));
                assertThat(rejected).isEqualTo(circuit.rejectedCalls()).isEqualTo(4);
                assertThat(failures).isEqualTo(circuit.connectionFailures()).isGreaterThanOrEqualTo(3);
                assertThat(opened).isEqualTo(circuit.timesOpened()).isEqualTo(1);
                assertThat(MicroProfileMetricsIT.gauge(registry, "redstreams.producer.circuit.state", null))
                        .as("open").isEqualTo(1.0);
                assertThat(registry.getCounters((id, m) -> id.getName().equals("messaging.client.sent.messages")
                        && CircuitOpenException.class.getName().equals(id.getTags().get(Registrar.ERROR)))
                        .values().stream().mapToLong(c -> c.getCount()).sum()).isEqualTo(4);
            } finally {
                redis.server().restart();
            }
        }
        assertThat(MicroProfileMetricsIT.redstreamsMetrics(registry)).isEmpty();
    }

    private static long count(MetricRegistry registry, String name) {
        return MicroProfileMetricsIT.count(registry, name, null);
    }
}
