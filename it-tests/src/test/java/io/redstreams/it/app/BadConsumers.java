package io.redstreams.it.app;

import java.util.List;

import io.redstreams.StreamConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/** Wrongly declared consumers: deploying an application with this bean must fail, naming each method. */
@ApplicationScoped
public class BadConsumers {

    /** What the deployment failure (and the server log) must say, each naming {@code Class#method}. */
    public static final List<String> EXPECTED_PROBLEMS = List.of(
            BadConsumers.class.getName() + "#noGroup: group is missing",
            BadConsumers.class.getName() + "#hidden: must not be private",
            BadConsumers.class.getName() + "#badConcurrency: concurrency must be at least 1, was 0");

    void noGroup(@StreamConsumer(stream = "it-bad", group = "") String text) {
    }

    @SuppressWarnings("unused")
    private void hidden(@StreamConsumer(stream = "it-bad", group = "g1") String text) {
    }

    void badConcurrency(@StreamConsumer(stream = "it-bad", group = "g2", concurrency = 0) String text) {
    }
}
