package io.redstreams.examples.hello;

import static io.redstreams.testsupport.RedStreamsAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.testsupport.RedStreamsApp;
import io.redstreams.testsupport.RedisExtension;

/** The README's consumer test: a real Redis, the consumer in Weld SE, and an assertion that waits. */
class GreeterTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @Test
    void greetingsAreAcknowledged() {
        try (RedStreamsApp app = RedStreamsApp.start(redis, Greeter.class)) {
            String id = app.producer().send("greetings", new Greeting("Ada"));
            assertThat(redis).group("greetings", "greeter").hasAcknowledged(id).hasNoPendingEntries();
        }
        assertThat(redis).hasNoRedstreamsClients();
    }
}
