package io.redstreams.impl.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A consumer loop that dies while the consumers run is restarted and counted; after stop it is not. */
class LoopSupervisorTest {

    @Test
    void aLoopThatDiesIsRestartedAndCounted() throws InterruptedException {
        LoopSupervisor supervisor = new LoopSupervisor();
        AtomicInteger runs = new AtomicInteger();
        Runnable loop = supervisor.supervise("redstreams-test-loop", () -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                throw new StackOverflowError("first run dies");
            }
            if (run == 2) {
                return; // ends on its own while running: restarted too
            }
            supervisor.stop();
        }, () -> true);
        Thread thread = new Thread(loop, "redstreams-test-loop");
        thread.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !thread.isAlive());
        assertThat(runs.get()).isEqualTo(3);
        assertThat(supervisor.restarts()).isEqualTo(2);
    }

    @Test
    void aLoopEndedByItsHostsInterruptIsNotRestarted() {
        LoopSupervisor supervisor = new LoopSupervisor();
        AtomicInteger runs = new AtomicInteger();
        Thread thread = new Thread(supervisor.supervise("redstreams-test-loop", () -> {
            runs.incrementAndGet();
            Thread.currentThread().interrupt(); // as a WorkManager releasing its work would
        }, () -> true), "redstreams-test-loop");
        thread.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !thread.isAlive());
        assertThat(runs.get()).isEqualTo(1);
        assertThat(supervisor.restarts()).isZero();
        assertThat(supervisor.released()).isEqualTo(1);
    }
}
