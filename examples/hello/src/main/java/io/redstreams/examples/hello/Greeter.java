package io.redstreams.examples.hello;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.redstreams.StreamConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/** The consumer: a bean (so Weld finds it) with a {@code @StreamConsumer} method. */
@ApplicationScoped
public class Greeter {

    private final Semaphore greeted = new Semaphore(0);

    void greet(@StreamConsumer(stream = "greetings", group = "greeter") Greeting greeting) {
        System.out.println("Hello, " + greeting.name() + "!");
        greeted.release(); // returning normally acknowledges the entry (XACK)
    }

    /** Waits until {@code count} greetings were handled. */
    public boolean awaitGreeted(int count, Duration timeout) throws InterruptedException {
        return greeted.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
