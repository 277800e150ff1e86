package io.redstreams.consumers;

import java.util.concurrent.CountDownLatch;

import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.faults.ChildJvm;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An application instance in a JVM of its own, for {@link ConsumerIdentityIT}: starts a consumer with the default
 * name against the Redis URL given as argument, prints {@code NAME <consumer name>} and runs until killed.
 */
public final class NamedConsumerMain {

    private NamedConsumerMain() {
    }

    @ApplicationScoped
    public static class Idle {
        void on(@StreamConsumer(stream = "ids", group = "g") String s) {
            // nothing to do
        }
    }

    public static void main(String[] args) throws InterruptedException {
        ChildJvm.exitWithParent();
        WeldApp app = WeldApp.start(WeldApp.defaults(args[0]), Idle.class);
        System.out.println("NAME " + app.consumers().defaultConsumerName());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
