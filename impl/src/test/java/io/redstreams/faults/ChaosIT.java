package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.walls.Nasty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Issue 9's chaos test: one Weld SE application with two groups on one stream (concurrency 1 and 4) driven for
 * {@code redstreams.chaos.seconds} (default 30) with faults mixed in at random: undecodable payloads (throwables of
 * every kind from a JSON-B creator), methods that throw (plain, Errors, hostile exceptions), methods that fail once,
 * stray interrupts, slow methods, stages that never complete (processing timeout), CLIENT KILL of redstreams
 * connections, and the dead-letter key turned into a string for a while ({@link Fault#DLQ_WRONGTYPE}). The seed is printed and settable ({@code redstreams.chaos.seed}); the payload sequence replays
 * exactly, the timing of the faults roughly. {@code redstreams.chaos.faults} picks the faults: {@code all}, or a comma
 * list of {@link Fault} names; the default is every fault.
 *
 * <p>It ends with one line: produced, handled, dead-lettered, duplicates, lost (must be 0), pending (must be 0),
 * misrouted (an entry handled that should have been dead-lettered or the reverse; must be 0), consumers alive, loop
 * restarts, and leaks (redstreams connections and threads after close; must be 0).
 */
class ChaosIT {

    /** The faults the test can mix in. */
    enum Fault {
        DECODER, THROWING, NASTY, FLAKY, INTERRUPT, SLOW, HANG, CLIENT_KILL,
        /**
         * The dead-letter key becomes a string for a while (its stream is renamed away first and counted). Dead
         * letters written meanwhile fail; their entries must stay pending until the key is usable again.
         */
        DLQ_WRONGTYPE
    }

    static final String STREAM = "chaos";
    static final String DLQ = STREAM + ":dlq";
    static final List<String> GROUPS = List.of("c1", "c4");
    static final Ledger LEDGER = new Ledger();
    static final Pattern KIND = Pattern.compile("\"kind\":\"([^\"]*)\"");

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    /** The payload; its JSON-B creator misbehaves for kinds {@code decode:<throwable>}. */
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

    @ApplicationScoped
    public static class Chaotic {
        CompletionStage<?> one(@StreamConsumer(stream = STREAM, group = "c1", maxDeliveries = 5)
                StreamMessage<Probe> message) throws InterruptedException {
            return act("c1", message);
        }

        CompletionStage<?> four(@StreamConsumer(stream = STREAM, group = "c4", concurrency = 4, batchSize = 8,
                maxDeliveries = 5) StreamMessage<Probe> message) throws InterruptedException {
            return act("c4", message);
        }
    }

    static CompletionStage<?> act(String group, StreamMessage<Probe> message) throws InterruptedException {
        String kind = message.payload().getKind();
        if (kind.startsWith("throw:")) {
            Nasty.raise(kind.substring("throw:".length()));
        }
        if (kind.equals("flaky") && message.deliveryCount() == 1) {
            throw new IllegalStateException("fails on the first delivery");
        }
        if (kind.startsWith("stage-fail:")) {
            return Nasty.failedStage(kind.substring("stage-fail:".length()));
        }
        if (kind.equals("hang")) {
            return new CompletableFuture<>(); // never completes: the processing timeout ends it
        }
        if (kind.startsWith("slow:")) {
            new CountDownLatch(1).await(Long.parseLong(kind.substring("slow:".length())), TimeUnit.MILLISECONDS);
        }
        if (kind.equals("interrupt")) {
            Thread.currentThread().interrupt(); // and return normally
        }
        LEDGER.handled(group, message.id());
        return null;
    }

    /** Whether an entry of that kind must end handled (else dead-lettered). */
    static boolean handledKind(String kind) {
        return kind.equals("ok") || kind.equals("flaky") || kind.equals("interrupt") || kind.startsWith("slow:");
    }

    static Set<Fault> faults() {
        String spec = System.getProperty("redstreams.chaos.faults", "");
        if (spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(Fault.class);
        }
        EnumSet<Fault> chosen = EnumSet.noneOf(Fault.class);
        for (String name : spec.split(",")) {
            chosen.add(Fault.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return chosen;
    }

    /** The kind of the next entry: mostly ordinary, sometimes one of the enabled faults. */
    static String nextKind(Random random, Set<Fault> faults) {
        int roll = random.nextInt(10_000);
        String[] plain = {"runtime", "checked"};
        String[] nasty = Arrays.stream(Nasty.THROWABLES).filter(t -> !t.equals("runtime") && !t.equals("checked"))
                .toArray(String[]::new);
        if (roll < 100 && faults.contains(Fault.DECODER)) {
            return "decode:" + Nasty.THROWABLES[random.nextInt(Nasty.THROWABLES.length)];
        }
        if (roll < 200 && roll >= 100 && faults.contains(Fault.THROWING)) {
            return (random.nextBoolean() ? "throw:" : "stage-fail:") + plain[random.nextInt(plain.length)];
        }
        if (roll < 300 && roll >= 200 && faults.contains(Fault.NASTY)) {
            return (random.nextBoolean() ? "throw:" : "stage-fail:") + nasty[random.nextInt(nasty.length)];
        }
        if (roll < 400 && roll >= 300 && faults.contains(Fault.FLAKY)) {
            return "flaky";
        }
        if (roll < 500 && roll >= 400 && faults.contains(Fault.INTERRUPT)) {
            return "interrupt";
        }
        if (roll < 600 && roll >= 500 && faults.contains(Fault.SLOW)) {
            return "slow:" + (20 + random.nextInt(180));
        }
        if (roll < 604 && roll >= 600 && faults.contains(Fault.HANG)) {
            return "hang";
        }
        return "ok";
    }

    @Test
    @Timeout(600)
    void chaos() throws Exception {
        long seed = Long.getLong("redstreams.chaos.seed", System.nanoTime());
        long seconds = Long.getLong("redstreams.chaos.seconds", 30);
        Set<Fault> faults = faults();
        System.out.println("CHAOS seed=" + seed + " seconds=" + seconds + " faults=" + faults
                + " (replay: -Dredstreams.chaos.seed=" + seed + ")");
        long start = System.nanoTime();
        redis.flushAll();
        Set<Thread> threadsBefore = ThreadCensus.live();
        Random payloads = new Random(seed);
        Random chaos = new Random(seed * 31 + 7);
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.reclaim-min-idle-ms", "5000");
        config.put("redstreams.consumer.reclaim-interval-ms", "1000");
        for (String group : GROUPS) {
            config.put("redstreams.consumers." + STREAM + "." + group + ".processing-timeout-ms", "500");
        }
        AtomicInteger kills = new AtomicInteger();
        AtomicInteger killedClients = new AtomicInteger();
        AtomicInteger sendFailures = new AtomicInteger();
        AtomicInteger wrongTypeWindows = new AtomicInteger();
        List<String> savedDlqs = new ArrayList<>();
        int alive;
        long restarts;
        try (WeldApp app = WeldApp.start(config, Chaotic.class); Jedis chaosConnection = redis.newJedis()) {
            StreamProducer producer = app.producer();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Thread producing = new Thread(() -> {
                try {
                    CountDownLatch never = new CountDownLatch(1);
                    while (System.nanoTime() < end) {
                        List<String> batch = new ArrayList<>();
                        for (int i = 0; i < 4; i++) {
                            batch.add("{\"kind\":\"" + nextKind(payloads, faults) + "\"}");
                        }
                        while (true) {
                            try {
                                LEDGER.produced(producer.sendAll(STREAM, batch));
                                break;
                            } catch (StreamSendException e) {
                                sendFailures.incrementAndGet(); // killed under it: send again
                            }
                        }
                        never.await(20, TimeUnit.MILLISECONDS); // about 200 entries a second
                    }
                } catch (Throwable t) {
                    producerFailure.set(t);
                }
            }, "chaos-producer");
            producing.start();

            // the faults of the environment, until the end
            boolean wrongType = false;
            CountDownLatch never = new CountDownLatch(1);
            while (System.nanoTime() < end) {
                never.await(200 + chaos.nextInt(400), TimeUnit.MILLISECONDS);
                int roll = chaos.nextInt(10);
                if (roll < 5 && faults.contains(Fault.CLIENT_KILL)) {
                    killedClients.addAndGet(killRedstreamsClients(chaosConnection, chaos));
                    kills.incrementAndGet();
                } else if (roll < 7 && faults.contains(Fault.DLQ_WRONGTYPE)) {
                    if (!wrongType) {
                        // One script, so that no dead letter is written between the rename and the SET (the SET
                        // would replace that new stream, and the test would lose the entry itself).
                        String saved = DLQ + ":saved-" + savedDlqs.size();
                        Object renamed = chaosConnection.eval("local moved = 0\n"
                                + "if redis.call('EXISTS', KEYS[1]) == 1 then\n"
                                + "  redis.call('RENAME', KEYS[1], KEYS[2]); moved = 1\n"
                                + "end\n"
                                + "redis.call('SET', KEYS[1], 'not a stream')\n"
                                + "return moved", 2, DLQ, saved);
                        if (Long.valueOf(1).equals(renamed)) {
                            savedDlqs.add(saved);
                        }
                        wrongTypeWindows.incrementAndGet();
                    } else {
                        chaosConnection.del(DLQ);
                    }
                    wrongType = !wrongType;
                }
            }
            if (wrongType) {
                chaosConnection.del(DLQ);
            }
            producing.join(30_000);
            assertThat(producerFailure.get()).isNull();

            // everything drains once the faults stop: nothing pending, and then every entry handled or dead-lettered
            // (if some never are, they are lost: counted and reported below rather than timing out here)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String group : GROUPS) {
                    assertThat(redis.admin().xpending(STREAM, group).getTotal()).as("pending in " + group).isZero();
                }
            });
            try {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() ->
                        GROUPS.stream().allMatch(group -> unaccounted(group, savedDlqs) == 0));
            } catch (ConditionTimeoutException lostSome) {
                // reported below
            }
            List<String> live = ThreadCensus.redstreams();
            alive = (int) live.stream().filter(n -> n.equals("redstreams-worker-chaos/c1")
                    || n.equals("redstreams-worker-chaos/c4") || n.startsWith("redstreams-handler-chaos/c4-")).count();
            restarts = app.consumers().loopRestarts();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(redis.countClients("redstreams")).as("redstreams connections after close").isZero();
            assertThat(ThreadCensus.redstreams()).as("redstreams threads after close").isEmpty();
            assertThat(ThreadCensus.newSince(threadsBefore)).as("threads after close").isEmpty();
        });

        Map<String, String> kinds = kindsById(redis.admin());
        long produced = kinds.size();
        long handled = 0;
        long dead = 0;
        long duplicates = 0;
        long lost = 0;
        long misrouted = 0;
        List<String> examples = new ArrayList<>();
        for (String group : GROUPS) {
            Set<String> seen = LEDGER.handledIds(group);
            Set<String> dlq = deadLettered(group, savedDlqs);
            handled += seen.size();
            dead += dlq.size();
            duplicates += LEDGER.duplicates(group);
            for (Map.Entry<String, String> e : kinds.entrySet()) {
                boolean wasHandled = seen.contains(e.getKey());
                boolean wasDead = dlq.contains(e.getKey());
                if (!wasHandled && !wasDead) {
                    lost++;
                    addExample(examples, group + " lost " + e.getKey() + " " + e.getValue());
                } else if (handledKind(e.getValue()) ? !wasHandled : wasHandled) {
                    misrouted++;
                    addExample(examples, group + " misrouted " + e.getKey() + " " + e.getValue());
                }
            }
        }
        FaultReport.emit(FaultReport.line("chaos", produced, handled, dead, duplicates, lost, 0, start)
                + " seed=" + seed + " faults=" + faults + " misrouted=" + misrouted + " consumers-alive=" + alive
                + "/6 loop-restarts=" + restarts + " client-kills=" + kills.get() + " clients-killed="
                + killedClients.get() + " send-failures=" + sendFailures.get() + " dlq-wrongtype-windows="
                + wrongTypeWindows.get() + " leaked-connections=0 leaked-threads=0"
                + (examples.isEmpty() ? "" : " examples=" + examples));
        assertThat(lost).as("lost").isZero();
        assertThat(misrouted).as("misrouted").isZero();
        assertThat(alive).as("consumer loops alive at the end").isEqualTo(6);
        assertThat(produced).isGreaterThan(seconds * 50);
    }

    private static void addExample(List<String> examples, String example) {
        if (examples.size() < 5) {
            examples.add(example);
        }
    }

    /** Kills one or all redstreams connections (by id: the test's own connections live on). */
    private static int killRedstreamsClients(Jedis connection, Random random) {
        List<Long> ids = new ArrayList<>();
        for (String line : connection.clientList().split("\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String pair : line.trim().split(" ")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            if (fields.getOrDefault("name", "").startsWith("redstreams")) {
                ids.add(Long.parseLong(fields.get("id")));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        List<Long> victims = random.nextBoolean() ? ids : List.of(ids.get(random.nextInt(ids.size())));
        int killed = 0;
        for (long id : victims) {
            try {
                connection.clientKill(ClientKillParams.clientKillParams().id(Long.toString(id)));
                killed++;
            } catch (RuntimeException gone) {
                // it went away by itself
            }
        }
        return killed;
    }

    private long unaccounted(String group, List<String> savedDlqs) {
        Set<String> seen = LEDGER.handledIds(group);
        Set<String> dlq = deadLettered(group, savedDlqs);
        long n = 0;
        for (String id : Ledger.streamIds(redis.admin(), STREAM)) {
            if (!seen.contains(id) && !dlq.contains(id)) {
                n++;
            }
        }
        return n;
    }

    private static Set<String> deadLettered(String group, List<String> savedDlqs) {
        Set<String> ids = new HashSet<>();
        List<String> keys = new ArrayList<>(savedDlqs);
        keys.add(DLQ);
        for (String key : keys) {
            if ("stream".equals(redis.admin().type(key))) {
                ids.addAll(Ledger.deadLetters(redis.admin(), key, STREAM, group).keySet());
            }
        }
        return ids;
    }

    private static Map<String, String> kindsById(Jedis admin) {
        Map<String, String> kinds = new HashMap<>();
        for (StreamEntry e : Ledger.entries(admin, STREAM)) {
            Matcher m = KIND.matcher(e.getFields().getOrDefault("payload", ""));
            kinds.put(e.getID().toString(), m.find() ? m.group(1) : "?");
        }
        return kinds;
    }
}
