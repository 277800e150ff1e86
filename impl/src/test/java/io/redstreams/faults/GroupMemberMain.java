package io.redstreams.faults;

import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.Jedis;

/**
 * One application instance of {@link MultiJvmKillIT}, run in its own JVM (configuration as {@code -D} system
 * properties, the consumer name in {@code redstreams.consumer.name}; arguments: Redis host and port): group
 * {@code crowd} on stream {@code crowd-jobs}, concurrency 4. Each handler spends {@value #WORK_MS} ms of blocking
 * "work", then records the id with {@code RPUSH crowd-handled:<consumer name>} (a connection per handler thread,
 * named {@code test-recorder}) before it returns, so an entry counts as handled only once its handler has
 * completed, and a JVM killed between that and the acknowledgement leaves a duplicate the test can attribute.
 * Prints {@code READY} and runs until killed.
 */
public final class GroupMemberMain {

    static final String STREAM = "crowd-jobs";
    static final String GROUP = "crowd";
    static final long WORK_MS = 10;

    private static String host;
    private static int port;
    private static String handledKey;
    private static final ThreadLocal<Jedis> RECORDER = ThreadLocal.withInitial(() -> {
        Jedis jedis = new Jedis(host, port);
        jedis.clientSetname("test-recorder");
        return jedis;
    });

    private GroupMemberMain() {
    }

    /** The list where the JVM with consumer name {@code consumer} records what it handled. */
    static String handledKey(String consumer) {
        return "crowd-handled:" + consumer;
    }

    @ApplicationScoped
    public static class Member {
        void on(@StreamConsumer(stream = STREAM, group = GROUP, concurrency = 4, batchSize = 10)
                StreamMessage<String> m) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WORK_MS)); // the work: keeps entries in flight
            RECORDER.get().rpush(handledKey, m.id());
        }
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.exitWithParent();
        host = args[0];
        port = Integer.parseInt(args[1]);
        String name = System.getProperty("redstreams.consumer.name");
        handledKey = handledKey(name);
        WeldApp app = WeldApp.start(new HashMap<>(), Member.class);
        System.out.println("READY " + name + " pid=" + ProcessHandle.current().pid() + " consumers="
                + app.consumers().specs().size());
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }
}
