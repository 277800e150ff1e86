package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.testsupport.RedisExtension;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

/**
 * The request context of a consumer method ({@code redstreams.consumer.request-context}): with a {@code @RequestScoped}
 * bean in the deployment every message gets a fresh instance, destroyed after the call; with {@code always} the
 * context is active even without such a bean; with {@code auto} and none, the method runs without one (and may
 * activate one itself).
 */
class RequestContextIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final int MESSAGES = 20;

    @BeforeEach
    void clean() {
        redis.flushAll();
        PerMessage.created.set(0);
        PerMessage.destroyed.clear();
        ScopedConsumer.seen.clear();
        ScopedConsumer.destroyedBeforeUse.set(0);
        ContextProbe.activeOnEntry.clear();
        ContextProbe.activeWhenActivatedByTheMethod.clear();
    }

    @RequestScoped
    public static class PerMessage {
        static final AtomicInteger created = new AtomicInteger();
        static final List<Integer> destroyed = new CopyOnWriteArrayList<>();
        private int serial;

        @PostConstruct
        void create() {
            serial = created.incrementAndGet();
        }

        @PreDestroy
        void destroy() {
            destroyed.add(serial);
        }

        int serial() {
            return serial;
        }
    }

    @ApplicationScoped
    public static class ScopedConsumer {
        static final List<Integer> seen = new CopyOnWriteArrayList<>();
        static final AtomicInteger destroyedBeforeUse = new AtomicInteger();

        void on(@StreamConsumer(stream = "rc-scoped", group = "g", concurrency = 2, batchSize = 5) String text,
                PerMessage perMessage) {
            int serial = perMessage.serial();
            if (PerMessage.destroyed.contains(serial)) {
                destroyedBeforeUse.incrementAndGet();
            }
            seen.add(serial);
        }
    }

    @ApplicationScoped
    public static class ContextProbe {
        static final List<Boolean> activeOnEntry = new CopyOnWriteArrayList<>();
        static final List<Boolean> activeWhenActivatedByTheMethod = new CopyOnWriteArrayList<>();

        @Inject
        BeanManager beanManager;
        @Inject
        RequestContextController controller;

        void on(@StreamConsumer(stream = "rc-probe", group = "g") String text) {
            activeOnEntry.add(active());
            boolean activated = controller.activate();
            try {
                activeWhenActivatedByTheMethod.add(active());
            } finally {
                if (activated) {
                    controller.deactivate();
                }
            }
        }

        private boolean active() {
            try {
                return beanManager.getContext(RequestScoped.class).isActive();
            } catch (ContextNotActiveException e) {
                return false;
            }
        }
    }

    @Test
    void withARequestScopedBeanEachMessageGetsAFreshInstanceDestroyedAfterTheCall() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), ScopedConsumer.class, PerMessage.class)) {
            send(app, "rc-scoped");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ScopedConsumer.seen)
                    .hasSize(MESSAGES));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(PerMessage.destroyed)
                    .containsExactlyInAnyOrderElementsOf(ScopedConsumer.seen));
            System.out.printf("request-scoped instances: %d created, %d destroyed, %d distinct seen by %d calls%n",
                    PerMessage.created.get(), PerMessage.destroyed.size(),
                    ScopedConsumer.seen.stream().distinct().count(), ScopedConsumer.seen.size());
            assertThat(ScopedConsumer.seen).doesNotHaveDuplicates();
            assertThat(ScopedConsumer.destroyedBeforeUse).hasValue(0);
        }
    }

    @Test
    void withAlwaysTheMethodRunsInAnActiveRequestContextWithoutAnyRequestScopedBean() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.request-context", "always");
        try (WeldApp app = WeldApp.start(config, ContextProbe.class)) {
            send(app, "rc-probe");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ContextProbe.activeOnEntry)
                    .hasSize(MESSAGES));
            assertThat(ContextProbe.activeOnEntry).containsOnly(true);
            assertThat(ContextProbe.activeWhenActivatedByTheMethod).containsOnly(true);
        }
    }

    @Test
    void withAutoAndNoRequestScopedBeanTheMethodRunsWithoutOneAndMayActivateItItself() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), ContextProbe.class)) {
            send(app, "rc-probe");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ContextProbe.activeOnEntry)
                    .hasSize(MESSAGES));
            assertThat(ContextProbe.activeOnEntry).containsOnly(false);
            assertThat(ContextProbe.activeWhenActivatedByTheMethod).containsOnly(true);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    redis.admin().xpending("rc-probe", "g").getTotal()).isZero());
        }
    }

    private static void send(WeldApp app, String stream) {
        for (int i = 0; i < MESSAGES; i++) {
            app.producer().send(stream, "m" + i);
        }
    }
}
