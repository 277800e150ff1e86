package io.redstreams.it.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.Amounts;
import io.redstreams.it.app.Streams;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.ServerLog;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * The MicroProfile Metrics binding on Payara Micro: the resource adapter deployed as always (postboot), and an
 * application with {@code redstreams-mp-metrics} in its {@code WEB-INF/lib}. Its consumer's counters, timers and
 * sampled gauges appear in Payara's own {@code /metrics} (Prometheus text, application registry), and the adapter still
 * deploys (the application's CDI consumer runs on the adapter's threads, {@code redstreams.hosting=adapter}).
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraMetricsIT {

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Deployment(testable = false)
    static WebArchive app() {
        // not metrics.war: its context root would hide Payara's /metrics
        return ServerApps.mpMetricsApp("mp-metrics-app.war");
    }

    @ArquillianResource
    URL base;

    @Test
    void consumerMetricsAppearInPayarasMetricsEndpoint() throws MalformedURLException {
        for (int i = 0; i < 10; i++) {
            redis.addOrder(Streams.ORDERS, 500L + i, 1);
        }
        redis.addOrder(Streams.ORDERS, 599, Amounts.ALWAYS_FAIL); // delivered twice (maxDeliveries 2), dead-lettered
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(redis.length(Streams.ORDERS_SEEN)).isEqualTo(10);
            assertThat(redis.length(Streams.ORDERS + ":dlq")).isEqualTo(1);
            assertThat(redis.pending(Streams.ORDERS, Streams.ORDERS_GROUP)).isZero();
        });

        URL metrics = new URL(base, "/metrics");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = Http.get(metrics, "");
            assertThat(value(scrape, "redstreams_consumer_acks_total", Streams.ORDERS)).isEqualTo(11.0);
            assertThat(value(scrape, "redstreams_consumer_dead_letters_total", Streams.ORDERS)).isEqualTo(1.0);
            assertThat(value(scrape, "redstreams_consumer_failures_total", Streams.ORDERS)).isEqualTo(2.0);
            assertThat(value(scrape, "redstreams_consumer_retries_total", Streams.ORDERS)).isEqualTo(1.0);
            assertThat(value(scrape, "messaging_client_consumed_messages_total", Streams.ORDERS)).isEqualTo(12.0);
            assertThat(value(scrape, "messaging_process_duration_seconds_count", Streams.ORDERS)).isEqualTo(12.0);
            assertThat(value(scrape, "messaging_client_sent_messages_total", Streams.ORDERS_SEEN)).isEqualTo(10.0);
            // sampled from Redis by the engine's sampler, which the first scrape started
            assertThat(value(scrape, "redstreams_consumer_pending", Streams.ORDERS)).isEqualTo(0.0);
            assertThat(value(scrape, "redstreams_consumer_lag", Streams.ORDERS)).isEqualTo(0.0);
        });
        String scrape = Http.get(metrics, "");
        List<String> ours = scrape.lines().filter(l -> l.contains("messaging_destination_name=\"" + Streams.ORDERS
                + "\"") && !l.contains("quantile")).toList();
        System.out.println("Payara /metrics, redstreams lines of " + Streams.ORDERS + ":\n" + String.join("\n", ours));
        String log = ServerLog.payara();
        assertThat(log).as("Payara deployed the adapter next to an application using MicroProfile Metrics")
                .contains("redstreams-resource-adapter was successfully deployed")
                .doesNotContain("should not claim the archive at the same time");
        assertThat(ServerLog.linesWith(log, "redstreams: metrics bound to")).as("the binding the application chose")
                .anySatisfy(line -> assertThat(line).contains("MicroProfile Metrics"));
    }

    /** The sum of the samples of {@code metric} whose destination is {@code stream}; NaN when there is none. */
    static double value(String scrape, String metric, String stream) {
        List<String> samples = scrape.lines()
                .filter(l -> l.startsWith(metric + "{") && l.contains("messaging_destination_name=\"" + stream + "\""))
                .toList();
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        return samples.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
