package io.redstreams.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamType;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.FaultReport;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Type-routed handlers (a command bus): several methods on one stream and group, one reader, entries handed by
 * their {@code type} field; unrouted types dead-lettered or skipped; overlapping types and disagreeing settings
 * refused at deployment naming both methods.
 */
class TypeRoutingIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @StreamType("place-order")
    public record PlaceOrder(long id) {
    }

    @StreamType("cancel-order")
    public record CancelOrder(long id) {
    }

    @StreamType("ship-order")
    public record ShipOrder(long id) {
    }

    @ApplicationScoped
    public static class CommandBus {
        final List<Long> placed = new CopyOnWriteArrayList<>();
        final List<Long> cancelled = new CopyOnWriteArrayList<>();
        final List<String> shipped = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        List<Long> placed() {
            return placed;
        }

        List<Long> cancelled() {
            return cancelled;
        }

        List<String> shipped() {
            return shipped;
        }

        Set<String> threads() {
            return threads;
        }

        void place(@StreamConsumer(stream = "commands", group = "bus") PlaceOrder command) {
            threads.add(Thread.currentThread().getName());
            placed.add(command.id());
        }

        void cancel(@StreamConsumer(stream = "commands", group = "bus") CancelOrder command) {
            threads.add(Thread.currentThread().getName());
            cancelled.add(command.id());
        }

        // explicit types instead of the payload's @StreamType; a StreamMessage works as well
        void ship(@StreamConsumer(stream = "commands", group = "bus", types = {"ship-order", "ship-express"})
                  StreamMessage<ShipOrder> command) {
            shipped.add(command.type() + ":" + command.payload().id());
        }
    }

    @Test
    void entriesGoToTheMethodOfTheirTypeThroughOneReaderAndUnroutedTypesAreDeadLettered() {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), CommandBus.class)) {
            List<ConsumerSpec> specs = app.extension().consumerSpecs();
            assertThat(specs).hasSize(1);
            assertThat(specs.get(0).routes()).hasSize(3);
            StreamProducer producer = app.producer();
            for (int i = 0; i < 20; i++) {
                producer.send("commands", new PlaceOrder(i));
                producer.send("commands", new CancelOrder(i));
            }
            producer.send("commands", new ShipOrder(7));
            producer.send("commands", new ShipOrder(8), Map.of()); // same type
            redis.admin().xadd("commands", StreamEntryID.NEW_ENTRY,
                    Map.of("type", "ship-express", "payload", "{\"id\":9}"));
            redis.admin().xadd("commands", StreamEntryID.NEW_ENTRY,
                    Map.of("type", "refund-order", "payload", "{\"id\":1}"));
            redis.admin().xadd("commands", StreamEntryID.NEW_ENTRY, Map.of("payload", "no type"));
            CommandBus bus = app.bean(CommandBus.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(bus.placed()).hasSize(20);
                assertThat(bus.cancelled()).hasSize(20);
                assertThat(bus.shipped()).containsExactly("ship-order:7", "ship-order:8", "ship-express:9");
                assertThat(redis.admin().xlen("commands:dlq")).isEqualTo(2);
                assertThat(redis.admin().xpending("commands", "bus").getTotal()).isZero();
            });
            // one reader: one consumer in the group, one thread calling both methods (concurrency 1)
            assertThat(redis.admin().xinfoConsumers("commands", "bus")).hasSize(1);
            assertThat(bus.threads()).hasSize(1);
            List<StreamEntry> dead = redis.admin().xrange("commands:dlq", "-", "+");
            assertThat(dead.get(0).getFields().get("error"))
                    .contains("no consumer method of group bus on commands handles type 'refund-order'");
            assertThat(dead.get(1).getFields().get("error")).contains("entries without a type field");
            FaultReport.emit(FaultReport.line("type-routing-unrouted-dead-lettered", 45,
                    bus.placed().size() + bus.cancelled().size() + bus.shipped().size(),
                    redis.admin().xlen("commands:dlq"), 0, 0,
                    redis.admin().xpending("commands", "bus").getTotal(), start));
        }
    }

    @Test
    void unroutedTypesAreAcknowledgedAndSkippedWhenConfigured() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumers.commands.bus.unrouted", "skip");
        try (WeldApp app = WeldApp.start(config, CommandBus.class)) {
            app.producer().send("commands", "untyped");
            redis.admin().xadd("commands", StreamEntryID.NEW_ENTRY, Map.of("type", "refund-order", "payload", "{}"));
            app.producer().send("commands", new PlaceOrder(1));
            CommandBus bus = app.bean(CommandBus.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(bus.placed()).containsExactly(1L);
                assertThat(redis.admin().xpending("commands", "bus").getTotal()).isZero();
            });
            assertThat(redis.admin().exists("commands:dlq")).isFalse();
        }
    }

    @ApplicationScoped
    public static class FailingBus {
        final Map<Long, Integer> attempts = new ConcurrentHashMap<>();
        final List<Long> cancelled = new CopyOnWriteArrayList<>();

        Map<Long, Integer> attempts() {
            return attempts;
        }

        List<Long> cancelled() {
            return cancelled;
        }

        void place(@StreamConsumer(stream = "faulty", group = "bus", maxDeliveries = 3) PlaceOrder command) {
            attempts.merge(command.id(), 1, Integer::sum);
            if (command.id() % 5 == 0) {
                throw new IllegalStateException("cannot place " + command.id());
            }
        }

        void cancel(@StreamConsumer(stream = "faulty", group = "bus", maxDeliveries = 3) CancelOrder command) {
            cancelled.add(command.id());
        }
    }

    @Test
    void aRoutedMethodThatThrowsIsRetriedAndDeadLetteredWithoutHoldingUpTheOtherTypes() {
        long start = System.nanoTime();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), FailingBus.class)) {
            for (int i = 0; i < 50; i++) {
                app.producer().send("faulty", new PlaceOrder(i));
                app.producer().send("faulty", new CancelOrder(i));
            }
            FailingBus bus = app.bean(FailingBus.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(bus.cancelled()).hasSize(50);
                assertThat(redis.admin().xlen("faulty:dlq")).isEqualTo(10);
                assertThat(redis.admin().xpending("faulty", "bus").getTotal()).isZero();
            });
            assertThat(bus.attempts().entrySet()).allSatisfy(e ->
                    assertThat(e.getValue()).isEqualTo(e.getKey() % 5 == 0 ? 3 : 1));
            long handled = bus.attempts().entrySet().stream().filter(e -> e.getKey() % 5 != 0).count()
                    + bus.cancelled().size();
            long duplicates = bus.cancelled().size() - bus.cancelled().stream().distinct().count();
            FaultReport.emit(FaultReport.line("type-routing-method-throws", 100, handled,
                    redis.admin().xlen("faulty:dlq"), duplicates, 100 - handled - redis.admin().xlen("faulty:dlq"),
                    redis.admin().xpending("faulty", "bus").getTotal(), start));
        }
    }

    @ApplicationScoped
    public static class MixedBus {
        final List<Long> placed = new CopyOnWriteArrayList<>();
        final List<io.redstreams.Acknowledgement> cancels = new CopyOnWriteArrayList<>();

        List<Long> placed() {
            return placed;
        }

        List<io.redstreams.Acknowledgement> cancels() {
            return cancels;
        }

        // concurrency 2: an undecided entry holds one of the slots, the other entries go on through the second
        void place(@StreamConsumer(stream = "mixed", group = "bus", concurrency = 2) PlaceOrder command) {
            placed.add(command.id());
        }

        void cancel(@StreamConsumer(stream = "mixed", group = "bus", concurrency = 2) CancelOrder command,
                    io.redstreams.Acknowledgement ack) {
            cancels.add(ack); // decided later by the test
        }
    }

    @Test
    void aRoutedMethodMayAcknowledgeByHandWhileTheOthersAreAcknowledgedOnReturn() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), MixedBus.class)) {
            app.producer().send("mixed", new CancelOrder(1));
            app.producer().send("mixed", new PlaceOrder(2));
            MixedBus bus = app.bean(MixedBus.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(bus.placed()).containsExactly(2L);
                assertThat(bus.cancels()).hasSize(1);
                assertThat(redis.admin().xpending("mixed", "bus").getTotal()).isEqualTo(1); // the cancel waits
            });
            assertThat(bus.cancels().get(0).ack()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("mixed", "bus").getTotal()).isZero());
        }
    }

    @ApplicationScoped
    public static class Clashing {
        void place(@StreamConsumer(stream = "clash", group = "g") PlaceOrder command) {
        }

        void placeAgain(@StreamConsumer(stream = "clash", group = "g", types = "place-order") String raw) {
        }

        void cancel(@StreamConsumer(stream = "other", group = "g", concurrency = 4) CancelOrder command) {
        }

        void ship(@StreamConsumer(stream = "other", group = "g", maxDeliveries = 9) ShipOrder command) {
        }

        void everything(@StreamConsumer(stream = "third", group = "g") String anything) {
        }

        void typed(@StreamConsumer(stream = "third", group = "g") PlaceOrder command) {
        }
    }

    @Test
    void overlappingTypesAndDisagreeingSettingsFailTheDeploymentNamingBothMethods() {
        String c = Clashing.class.getName() + "#";
        assertThatThrownBy(() -> WeldApp.start(WeldApp.defaults(redis), Clashing.class).close())
                .hasMessageContaining(c + "placeAgain: handles type 'place-order' on stream 'clash', group 'g', and so"
                        + " does " + c + "place; each type may be routed to one method only")
                .hasMessageContaining(c + "ship: shares stream 'other', group 'g' with " + c + "cancel (entries routed"
                        + " by type, one reader) but its concurrency is 1, not 4")
                .hasMessageContaining(c + "ship: shares stream 'other', group 'g' with " + c + "cancel (entries routed"
                        + " by type, one reader) but its maxDeliveries is 9, not 5")
                // a method that takes every type cannot share: today's error
                .hasMessageContaining(c + "typed: stream 'third', group 'g' and consumer")
                .hasMessageContaining("are already declared by " + c + "everything");
    }
}
