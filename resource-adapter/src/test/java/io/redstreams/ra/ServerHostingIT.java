package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.RedStreamsExtension;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.ServerHosting;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.inject.Inject;

/**
 * CDI applications next to the adapter: their engine finds the adapter's {@link ServerHosting}
 * and runs its loops on the adapter's WorkManager and its sends on the adapter's connections.
 */
class ServerHostingIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** An application bean with a stream consumer method, as on the CDI side. */
    @ApplicationScoped
    public static class Greetings {
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final List<String> texts = new CopyOnWriteArrayList<>();

        @Inject
        StreamProducer producer;

        void onGreeting(@StreamConsumer(stream = "greetings", group = "cdi") String text) {
            threads.add(Thread.currentThread());
            texts.add(text);
        }

        String greet(String text) {
            return producer.send("greetings", text);
        }

        List<Thread> threads() {
            return threads;
        }

        List<String> texts() {
            return texts;
        }
    }

    private final Map<String, String> applicationConfig = new HashMap<>();
    private StartedAdapter started;

    @BeforeEach
    void clean() {
        redis.flushAll();
        applicationConfig.put("redstreams.redis.url", redis.url());
        applicationConfig.put("redstreams.consumer.block-ms", "200");
        applicationConfig.put("redstreams.shutdown-timeout-ms", "3000");
    }

    @AfterEach
    void stop() {
        applicationConfig.keySet().forEach(System::clearProperty);
        if (started != null) {
            started.close();
        }
        await().atMost(WAIT).until(() -> redis.countClients("redstreams") == 0);
        assertThat(ServerHosting.installed()).isEmpty();
    }

    @Test
    void theAdapterOffersItsHostingOnlyWhileItRuns() throws Exception {
        assertThat(ServerHosting.installed()).isEmpty();
        started = StartedAdapter.start(redis.url());

        assertThat(ServerHosting.installed()).get().extracting(ServerHosting::describe).asString()
                .contains("redstreams resource adapter", redis.url());

        started.close();
        assertThat(ServerHosting.installed()).isEmpty();
    }

    @Test
    void aHostedEngineRunsItsLoopsOnWorkManagerThreadsWithTheApplicationsClassLoader() throws Exception {
        started = StartedAdapter.start(redis.url());
        ServerHosting hosting = ServerHosting.installed().orElseThrow();
        ClassLoader application = new URLClassLoader("application", new URL[0], getClass().getClassLoader());
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
        RedStreamsEngine engine = onThreadWithContextLoader(application, () -> RedStreamsEngine.create(
                RedStreamsConfig.read(ConfigLookup.of(applicationConfig)), hosting.host(),
                hosting.producerConnections()));
        try {
            engine.startConsumers(List.of(new ConsumerSpec().name("Hosted#on").stream("hosted").group("app")
                    .payloadType(String.class).invoker(text -> {
                        threads.add(Thread.currentThread());
                        loaders.add(Thread.currentThread().getContextClassLoader());
                        return null;
                    })));

            engine.producer().send("hosted", "sync");
            engine.producer().sendAsync("hosted", "async").toCompletableFuture().get(10, TimeUnit.SECONDS);

            await().atMost(WAIT).until(() -> threads.size() == 2);
            assertThat(threads).allMatch(started.workManager()::owns);
            assertThat(threads).extracting(Thread::getName).allMatch(name -> name.matches("redstreams-(worker|handler)-hosted.*"));
            assertThat(loaders).containsOnly(application);
            assertThat(started.workManager().longRunningHints()).contains("redstreams-async-sender", "redstreams-acks");
            assertThat(redis.clientNames()).contains("redstreams-producer", "redstreams-worker");
            assertThat(started.running().hosting().hostedEngines()).isEqualTo(1);
        } finally {
            engine.close();
        }

        assertThat(started.running().hosting().hostedEngines()).isZero();
        await().atMost(WAIT).until(() -> started.workManager().liveThreads().isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(redis.clientNames())
                .as("the last hosted application left: so did its connections, idle producer ones included")
                .doesNotContain("redstreams-producer", "redstreams-worker"));
    }

    @Test
    void streamConsumerMethodsOfACdiApplicationRunOnTheAdaptersWorkManager() throws Exception {
        started = StartedAdapter.start(redis.url());
        applicationConfig.put("redstreams.hosting", "adapter");
        applicationConfig.forEach(System::setProperty);

        try (SeContainer container = SeContainerInitializer.newInstance().disableDiscovery()
                .addExtensions(new RedStreamsExtension()).addBeanClasses(Greetings.class).initialize()) {
            Greetings greetings = container.select(Greetings.class).get();

            greetings.greet("hello");

            await().atMost(WAIT).until(() -> greetings.texts().size() == 1);
            assertThat(greetings.texts()).containsExactly("hello");
            assertThat(started.workManager().owns(greetings.threads().get(0))).isTrue();
            assertThat(started.running().hosting().hostedEngines()).isEqualTo(1);
        }

        assertThat(started.running().hosting().hostedEngines()).isZero();
        await().atMost(WAIT).until(() -> started.workManager().liveThreads().isEmpty());
        assertThat(StartedAdapter.redstreamsThreads()).isEmpty();
    }

    @Test
    void anApplicationThatRequiresTheAdapterFailsToDeployWithoutIt() {
        applicationConfig.put("redstreams.hosting", "adapter");
        applicationConfig.forEach(System::setProperty);

        assertThatThrownBy(() -> SeContainerInitializer.newInstance().disableDiscovery()
                .addExtensions(new RedStreamsExtension()).addBeanClasses(Greetings.class).initialize().close())
                .hasMessageContaining("no redstreams resource adapter is deployed");
    }

    private static <T> T onThreadWithContextLoader(ClassLoader loader, java.util.function.Supplier<T> action) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
