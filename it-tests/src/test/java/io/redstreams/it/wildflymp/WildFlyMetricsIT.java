package io.redstreams.it.wildflymp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.Streams;
import io.redstreams.it.server.ServerApps;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;

/**
 * The redstreams meters on WildFly 39 with the micrometer subsystem and its Prometheus registry (added to
 * {@code standalone-microprofile.xml} by the build's {@code configure-microprofile.cli}): the application's
 * {@code MeterRegistry} CDI bean is WildFly's, so a scrape of the management interface's {@code /prometheus} shows
 * the sends and acknowledgements of the application's {@code @Stateless} producer and {@code @StreamConsumer}.
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly-mp",
        disabledReason = "needs the wildfly-mp container (standalone-microprofile.xml)")
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyMetricsIT {

    private static final String APP = "app";
    private static final String ORDERS = "messaging_destination_name=\"" + Streams.ORDERS + "\"";

    @ArquillianResource
    @OperateOnDeployment(APP)
    URL base;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = APP, order = 2, testable = false)
    static WebArchive app() {
        return ServerApps.app("metrics.war");
    }

    @Test
    void aPrometheusScrapeShowsTheSendsAndAcknowledgements() {
        int orders = 25;
        assertThat(Http.get(base, "control?op=send&stream=" + Streams.ORDERS + "&first=1&count=" + orders
                + "&amount=1")).isEqualTo("sent " + orders);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(value(scrape, "redstreams_consumer_acks_total", ORDERS)).as(scrape).isEqualTo(orders);
            assertThat(value(scrape, "messaging_client_sent_messages_total", ORDERS, "error_type=\"none\""))
                    .as(scrape).isEqualTo(orders);
            assertThat(value(scrape, "messaging_client_consumed_messages_total", ORDERS)).as(scrape)
                    .isEqualTo(orders);
        });
        List<String> ours = scrape().lines().filter(l -> l.contains("redstreams_") || l.contains("messaging_"))
                .toList();
        System.out.println("WildFlyMetricsIT: " + orders + " orders sent and consumed; the scrape's redstreams and"
                + " messaging lines:\n" + String.join("\n", ours));
    }

    private static String scrape() {
        Endpoints.Answer answer = Endpoints.get(Endpoints.management("/prometheus"));
        assertThat(answer.status()).as("GET /prometheus: %s", answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** The sum of the samples of {@code metric} whose labels contain every one of {@code labels}; -1 if none. */
    private static double value(String scrape, String metric, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.lines().toList()) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            String labelText = line.substring(metric.length(), line.lastIndexOf('}') + 1);
            boolean all = true;
            for (String label : labels) {
                all &= labelText.contains(label);
            }
            if (all) {
                found = true;
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return found ? sum : -1;
    }
}
