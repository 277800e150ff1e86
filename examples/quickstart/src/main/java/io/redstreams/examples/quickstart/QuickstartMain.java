package io.redstreams.examples.quickstart;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The demo: starts a Weld SE container (plain bean discovery), sends orders with
 * {@code StreamProducer.sendAll}, bills them in a {@code @StreamConsumer} method, and prints
 * progress and a summary: sent, consumed, dead-lettered, lost (must be 0), throughput. After the timed part it
 * replays the last minute of orders with {@code StreamReader} ({@link OrderHistory}) and sends a few commands
 * through a type-routed command bus ({@link Fulfilment}).
 */
public final class QuickstartMain {

    static final String STREAM = "quickstart:orders";
    static final String DLQ = STREAM + ":dlq";
    static final String COMMANDS = "quickstart:commands";
    static final String COMMANDS_DLQ = COMMANDS + ":dlq";
    private static final long POISON_EVERY = 50_000;
    private static final int BATCH = 1_000;

    private QuickstartMain() {
    }

    public static void main(String[] args) throws Exception {
        long count = Long.getLong("demo.count", 200_000);
        Summary summary;
        try (DemoRedis redis = DemoRedis.find()) {
            System.out.printf("redstreams quickstart: %,d orders through %s (%s)%n", count, redis.url(), redis.origin());
            summary = run(count, redis.url());
        }
        System.out.println(summary);
        System.exit(summary.lost() == 0 ? 0 : 1);
    }

    /** Runs the demo for {@code count} orders against the Redis at {@code url} and returns the summary. */
    static Summary run(long count, String url) throws Exception {
        clean(url);
        System.setProperty("redstreams.redis.url", url);
        System.setProperty("redstreams.consumer.retry-initial-backoff-ms", "50");
        long start = System.nanoTime();
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            Shop shop = container.select(Shop.class).get();
            Ledger ledger = container.select(Ledger.class).get();
            long sent = 0;
            long lastReport = System.nanoTime();
            for (long from = 1; from <= count; from += BATCH) {
                sent += shop.placeOrders(from, Math.min(count + 1, from + BATCH), POISON_EVERY);
                lastReport = report(lastReport, sent, ledger, url, start);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ledger.billed() + deadLetters(url) < sent && System.nanoTime() < deadline) {
                lastReport = report(lastReport, sent, ledger, url, start);
                Thread.sleep(20); // a demo's progress loop, not a test
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long dead = deadLetters(url);
            long lost = 0;
            for (long id = 1; id <= count; id++) {
                if (!ledger.isBilled(id) && id % POISON_EVERY != 0) {
                    lost++;
                }
            }
            lost += Math.max(0, count / POISON_EVERY - dead);
            replay(container.select(OrderHistory.class).get());
            long routed = commandBus(container.select(StreamProducer.class).get(),
                    container.select(Fulfilment.class).get(), url);
            return new Summary(sent, ledger.billed(), ledger.bookings() - ledger.billed(), dead, lost, seconds, routed);
        }
    }

    /** Reads the stream back as a log (after the timing above): the last minute, the newest orders, a dead letter. */
    private static void replay(OrderHistory history) {
        long start = System.nanoTime();
        double amount = history.replayLastMinute(1_000);
        System.out.printf(Locale.ROOT, "%nREPLAY   the newest 1,000 orders of the last minute (StreamReader, no group):"
                + " %,.2f in total, read in %.0f ms; the newest three:%n", amount, (System.nanoTime() - start) / 1e6);
        for (StreamMessage<Order> m : history.newest(3)) {
            System.out.printf("  %s  %s  %s%n", m.id(), m.timestamp(), m.payload());
        }
        history.deadLetters(1).forEach(m -> System.out.printf("  dead letter %s: %s%n", m.id(), m.payload()));
    }

    /**
     * Sends a few commands to the command bus ({@link Fulfilment}: two methods, one reader, routed by type) and
     * prints where they went; returns how many reached their method.
     */
    private static long commandBus(StreamProducer producer, Fulfilment fulfilment, String url)
            throws InterruptedException {
        producer.send(COMMANDS, new Commands.ShipOrder(1, "parcel-post"));
        producer.send(COMMANDS, new Commands.ShipOrder(2, "courier"));
        producer.send(COMMANDS, new Commands.CancelOrder(3, "customer asked"));
        producer.send(COMMANDS, new Commands.ShipOrder(4, "parcel-post"));
        producer.send(COMMANDS, new Commands.RefundOrder(5));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((fulfilment.shipped() + fulfilment.cancelled() < 4 || xlen(url, COMMANDS_DLQ) < 1)
                && System.nanoTime() < deadline) {
            Thread.sleep(10); // a demo's wait, not a test
        }
        System.out.printf("COMMANDS one reader on %s, routed by type: ship-order -> Fulfilment#ship (%d),"
                + " cancel-order -> Fulfilment#cancel (%d), unrouted refund-order -> %s (%d)%n", COMMANDS,
                fulfilment.shipped(), fulfilment.cancelled(), COMMANDS_DLQ, xlen(url, COMMANDS_DLQ));
        return fulfilment.shipped() + fulfilment.cancelled();
    }

    private static long report(long lastReport, long sent, Ledger ledger, String url, long start) {
        long now = System.nanoTime();
        if (now - lastReport < TimeUnit.SECONDS.toNanos(1)) {
            return lastReport;
        }
        System.out.printf("  %5.1f s  sent %,9d  consumed %,9d  dead-lettered %,d%n", (now - start) / 1e9, sent,
                ledger.billed(), deadLetters(url));
        return now;
    }

    private static Jedis jedis(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return new Jedis(new HostAndPort(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort()),
                DefaultJedisClientConfig.builder().resp2().autoNegotiateProtocol(false).clientName("quickstart-admin").build());
    }

    private static void clean(String url) {
        try (Jedis jedis = jedis(url)) {
            jedis.del(STREAM, DLQ, COMMANDS, COMMANDS_DLQ);
        }
    }

    private static long deadLetters(String url) {
        return xlen(url, DLQ);
    }

    private static long xlen(String url, String stream) {
        try (Jedis jedis = jedis(url)) {
            return jedis.xlen(stream);
        }
    }

    /** What the demo printed at the end; {@code commandsRouted}: commands that reached their method (not printed). */
    record Summary(long sent, long consumed, long duplicates, long deadLettered, long lost, double seconds,
                   long commandsRouted) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%nSUMMARY  sent %,d | consumed %,d (+%,d redelivered) | dead-lettered %,d"
                            + " | lost %,d | %.1f s | %,.0f orders/s end to end%n",
                    sent, consumed, duplicates, deadLettered, lost, seconds, sent / seconds);
        }
    }
}
