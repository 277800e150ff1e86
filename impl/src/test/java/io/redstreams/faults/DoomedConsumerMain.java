package io.redstreams.faults;

import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumer of scenario 2, run in its own JVM (configuration as {@code -D} system properties): consumer
 * {@code doomed} of group {@code crew} on stream {@code killed-jobs}. It handles the first {@code holdAfter}
 * entries (printing {@code HANDLED <id>}), then every handler blocks (printing {@code HOLDING <id>}), so the
 * consumer sits on pending entries until the test kills it with SIGKILL.
 */
public final class DoomedConsumerMain {

    static final String STREAM = "killed-jobs";
    static final String GROUP = "crew";
    static final String CONSUMER = "doomed";

    static final AtomicInteger COUNT = new AtomicInteger();
    static volatile int holdAfter;

    private DoomedConsumerMain() {
    }

    @ApplicationScoped
    public static class Holder {
        void on(@StreamConsumer(stream = STREAM, group = GROUP, consumer = CONSUMER, concurrency = 4, batchSize = 10)
                StreamMessage<String> m) throws InterruptedException {
            if (COUNT.incrementAndGet() > holdAfter) {
                System.out.println("HOLDING " + m.id());
                new CountDownLatch(1).await(); // holds the entry until the JVM is killed
            }
            System.out.println("HANDLED " + m.id());
        }
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.exitWithParent();
        holdAfter = Integer.parseInt(args[0]);
        WeldApp app = WeldApp.start(new HashMap<>(), Holder.class);
        System.out.println("READY pid=" + ProcessHandle.current().pid() + " consumers=" + app.consumers().specs().size());
        new CountDownLatch(1).await(); // until killed
    }
}
