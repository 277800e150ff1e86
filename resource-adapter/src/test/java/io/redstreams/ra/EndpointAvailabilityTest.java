package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.redstreams.impl.consumer.DeliveryRefusedException;
import jakarta.resource.spi.UnavailableException;

class EndpointAvailabilityTest {

    private final List<String> signals = new CopyOnWriteArrayList<>();
    private final EndpointAvailability.Listener listener = new EndpointAvailability.Listener() {
        @Override
        public void unavailable(String endpoint, String reason) {
            signals.add("unavailable " + endpoint + ": " + reason);
        }

        @Override
        public void available(String endpoint, long downMs, long refusals) {
            signals.add("available " + endpoint + " after " + refusals + " refusals");
        }
    };

    @Test
    void backsOffExponentiallyUpToTheMaximumAndRefusesWithoutAskingMeanwhile() throws Exception {
        EndpointAvailability availability = new EndpointAvailability("Bean", 1000, 5000, listener);
        availability.checkAvailable(); // available: asks the container

        long before = System.currentTimeMillis();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DeliveryRefusedException refusal = availability.refused("createEndpoint refused",
                    new UnavailableException("pool exhausted"));
            waits.add(refusal.retryAtMillis() - before);
        }
        assertThat(waits.get(0)).isBetween(1000L, 1500L);
        assertThat(waits.get(1)).isBetween(2000L, 2500L);
        assertThat(waits.get(2)).isBetween(4000L, 4500L);
        assertThat(waits.get(3)).isBetween(5000L, 5500L).as("capped");
        assertThat(waits.get(4)).isBetween(5000L, 5500L);
        DeliveryRefusedException last = availability.refused("createEndpoint refused", new UnavailableException("x"));
        assertThatThrownBy(availability::checkAvailable).isInstanceOf(DeliveryRefusedException.class)
                .satisfies(e -> assertThat(((DeliveryRefusedException) e).retryAtMillis())
                        .isEqualTo(last.retryAtMillis()));
        assertThat(signals).containsExactly("unavailable Bean: createEndpoint refused: "
                + "jakarta.resource.spi.UnavailableException: pool exhausted");

        availability.accepted();
        availability.accepted();
        assertThat(signals).hasSize(2).last().asString().startsWith("available Bean after 7 refusals");
        availability.checkAvailable(); // available again: no waiting
    }

    @Test
    void letsOneProbeThroughWhenTheBackoffIsOver() {
        EndpointAvailability availability = new EndpointAvailability("Bean", 20, 20, listener);
        availability.refused("beforeDelivery refused", new IllegalStateException("no transaction"));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                availability.checkAvailable();
                return true;
            } catch (DeliveryRefusedException e) {
                return false;
            }
        });
        // while the probe is out, the others are held back
        assertThatThrownBy(availability::checkAvailable).isInstanceOf(DeliveryRefusedException.class);
    }
}
