package io.redstreams.walls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.Ledger;
import io.redstreams.faults.ThreadCensus;
import io.redstreams.testsupport.RedisExtension;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;

/**
 * Case 4 of issue 9, walls: every kind of throwable (Errors, custom Throwables, exceptions whose getMessage(),
 * toString() or getCause() misbehave) raised while decoding, in an interceptor, in the method or by its stage, and a
 * method that returns with its thread interrupted, at concurrency 1 and 4. Nothing ends a loop or strands an entry:
 * undecodable entries and failing ones are dead-lettered with a readable, capped reason, the others are handled,
 * then ordinary entries are still handled and nothing stays pending.
 */
class WallsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final Map<String, Set<String>> HANDLED = new ConcurrentHashMap<>();

    /** The payload; its constructor misbehaves for kinds {@code decode:<throwable>}. */
    public static class Probe {
        private final String kind;

        @JsonbCreator
        public Probe(@JsonbProperty("kind") String kind) {
            if (kind.startsWith("decode:")) {
                Nasty.raise(kind.substring("decode:".length()));
            }
            this.kind = kind;
        }

        public String getKind() {
            return kind;
        }
    }

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    public @interface Hostile {
    }

    @Hostile
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    public static class HostileInterceptor {
        @AroundInvoke
        Object around(InvocationContext context) throws Exception {
            Probe probe = (Probe) context.getParameters()[0];
            if (probe.getKind().startsWith("icpt:")) {
                Nasty.raise(probe.getKind().substring("icpt:".length()));
            }
            return context.proceed();
        }
    }

    @ApplicationScoped
    @Hostile
    public static class Walled {
        CompletionStage<?> one(@StreamConsumer(stream = "walls-1", group = "g", maxDeliveries = 2) Probe probe) {
            return act("walls-1", probe.getKind());
        }

        CompletionStage<?> four(@StreamConsumer(stream = "walls-4", group = "g", concurrency = 4, maxDeliveries = 2)
                Probe probe) {
            return act("walls-4", probe.getKind());
        }
    }

    static CompletionStage<?> act(String stream, String kind) {
        if (kind.startsWith("throw:")) {
            Nasty.raise(kind.substring("throw:".length()));
        }
        if (kind.startsWith("stage-fail:")) {
            return Nasty.failedStage(kind.substring("stage-fail:".length()));
        }
        if (kind.startsWith("interrupt-throw")) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted and failed");
        }
        if (kind.startsWith("interrupt")) {
            Thread.currentThread().interrupt(); // and return normally, as some libraries do
        }
        HANDLED.computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet()).add(kind);
        if (kind.startsWith("stage-nofuture")) {
            return Nasty.stageWithoutFuture(false);
        }
        if (kind.startsWith("stage-nullfuture")) {
            return Nasty.stageWithoutFuture(true);
        }
        return null;
    }

    @Test
    @Timeout(120)
    void noThrowableEndsALoopLeaksASlotOrStrandsAnEntry() {
        redis.flushAll();
        HANDLED.clear();
        List<String> toDeadLetter = new ArrayList<>();
        List<String> toHandle = new ArrayList<>();
        for (String t : Nasty.THROWABLES) {
            toDeadLetter.add("decode:" + t);
            toDeadLetter.add("throw:" + t);
            toDeadLetter.add("icpt:" + t);
            toDeadLetter.add("stage-fail:" + t);
        }
        toDeadLetter.add("interrupt-throw");
        for (int i = 0; i < 5; i++) {
            toHandle.add("interrupt#" + i);
        }
        toHandle.add("stage-nofuture");
        toHandle.add("stage-nullfuture");
        List<String> ordinary = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ordinary.add("ok#" + i);
        }
        Set<Thread> before = ThreadCensus.live();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Walled.class, HostileInterceptor.class)) {
            StreamProducer producer = app.producer();
            for (String stream : List.of("walls-1", "walls-4")) {
                Map<String, String> idToKind = new LinkedHashMap<>();
                for (String kind : concat(toDeadLetter, toHandle)) {
                    idToKind.put(producer.send(stream, "{\"kind\":\"" + kind + "\"}"), kind);
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(Ledger.deadLetters(redis.admin(), stream + ":dlq", stream, "g").size())
                                .as("dead letters in " + stream).isEqualTo(toDeadLetter.size()));
                // the consumers still work: ordinary entries after all that are handled
                for (String kind : ordinary) {
                    producer.send(stream, "{\"kind\":\"" + kind + "\"}");
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(HANDLED.get(stream)).containsAll(toHandle).containsAll(ordinary);
                    assertThat(redis.admin().xpending(stream, "g").getTotal()).isZero();
                });
                Map<String, String> reasons = Ledger.deadLetters(redis.admin(), stream + ":dlq", stream, "g");
                for (Map.Entry<String, String> dead : reasons.entrySet()) {
                    String kind = idToKind.get(dead.getKey());
                    assertThat(toDeadLetter).as("dead-lettered").contains(kind);
                    assertThat(dead.getValue()).as(kind).isNotBlank()
                            .hasSizeLessThan(2100); // capped at 2000 characters and a note
                    if (kind.startsWith("decode:")) {
                        assertThat(dead.getValue()).as(kind).startsWith("undecodable payload");
                    }
                }
                assertThat(HANDLED.get(stream)).doesNotContainAnyElementsOf(toDeadLetter);
            }
            assertThat(ThreadCensus.redstreams()).as("handler threads of walls-4 alive")
                    .filteredOn(n -> n.startsWith("redstreams-handler-walls-4/g-")).hasSize(4);
            System.out.println("case 4: dead-lettered per stream=" + toDeadLetter.size() + " handled per stream="
                    + (toHandle.size() + ordinary.size()));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(redis.countClients("redstreams")).isZero();
            assertThat(ThreadCensus.redstreams()).isEmpty();
            assertThat(ThreadCensus.newSince(before)).isEmpty();
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
