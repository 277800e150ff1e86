package io.redstreams.security;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.ChildJvm;
import jakarta.enterprise.context.ApplicationScoped;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Run in a child JVM by {@link EnvConfigIT}: the URL and user come as system properties, the password (if any)
 * only from the environment. Sends one entry, waits for its consumer, prints {@code RESULT ok} or
 * {@code RESULT failed <message>}.
 */
public final class EnvPasswordMain {

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    private EnvPasswordMain() {
    }

    @ApplicationScoped
    public static class EnvSink {
        void on(@StreamConsumer(stream = "env-stream", group = "g") String s) {
            SEEN.add(s);
        }
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.exitWithParent();
        System.out.println("password from the environment: " + (System.getenv("REDSTREAMS_REDIS_PASSWORD") != null));
        // MicroProfile Config (SmallRye here) maps the variable to the property name
        System.out.println("MicroProfile Config has redstreams.redis.password: " + org.eclipse.microprofile.config
                .ConfigProvider.getConfig().getOptionalValue("redstreams.redis.password", String.class).isPresent());
        try (WeldApp app = WeldApp.start(new HashMap<>(), EnvSink.class)) {
            String id = app.producer().send("env-stream", "via the environment");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> SEEN.contains("via the environment"));
            } catch (ConditionTimeoutException e) {
                // reported below as "not consumed"
            }
            System.out.println(SEEN.isEmpty() ? "RESULT failed not consumed" : "RESULT ok id=" + id);
        } catch (RuntimeException e) {
            System.out.println("RESULT failed " + e.getMessage());
        }
        System.exit(0);
    }
}
