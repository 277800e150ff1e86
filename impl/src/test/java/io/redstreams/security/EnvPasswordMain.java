package io.redstreams.security;

import io.redstreams.cdi.WeldApp;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.redstreams.StreamConsumer;
import io.redstreams.faults.ChildJvm;
import jakarta.enterprise.context.ApplicationScoped;

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
            long deadline = System.currentTimeMillis() + 10_000;
            while (!SEEN.contains("via the environment") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            System.out.println(SEEN.isEmpty() ? "RESULT failed not consumed" : "RESULT ok id=" + id);
        } catch (RuntimeException e) {
            System.out.println("RESULT failed " + e.getMessage());
        }
        System.exit(0);
    }
}
