package io.redstreams.observability;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Run by {@link NoOptionalApisIT} in a JVM whose class path has none of MicroProfile Health, Micrometer and
 * MicroProfile Metrics: starts the application, sends and consumes, stops, and prints {@code handled=N}.
 * Argument: the Redis URL.
 */
public final class NoOptionalApisMain {

    static final CountDownLatch HANDLED = new CountDownLatch(3);

    @ApplicationScoped
    public static class Plain {
        void on(@StreamConsumer(stream = "plain", group = "g", consumer = "c1") String text) {
            HANDLED.countDown();
        }
    }

    private NoOptionalApisMain() {
    }

    public static void main(String[] args) throws Exception {
        for (String api : new String[] {"org.eclipse.microprofile.health.HealthCheck",
                "io.micrometer.core.instrument.MeterRegistry", "org.eclipse.microprofile.metrics.MetricRegistry"}) {
            try {
                Class.forName(api);
                System.out.println("present: " + api);
                System.exit(2);
            } catch (ClassNotFoundException expected) {
                System.out.println("absent: " + api);
            }
        }
        Map<String, String> config = WeldApp.defaults(args[0]);
        try (WeldApp app = WeldApp.start(config, Plain.class)) {
            for (int i = 0; i < 3; i++) {
                app.producer().send("plain", "text-" + i);
            }
            app.producer().sendAsync("plain", "async").toCompletableFuture().join();
            boolean all = HANDLED.await(20, TimeUnit.SECONDS);
            System.out.println("handled=" + (3 - HANDLED.getCount()) + (all ? "" : " (timed out)"));
            if (!all) {
                System.exit(3);
            }
        }
        System.exit(0);
    }
}
