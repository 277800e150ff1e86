package io.redstreams.examples.hello;

import java.time.Duration;
import java.util.List;

import io.redstreams.StreamProducer;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

/** Starts Weld SE, sends three greetings, waits for the consumer to handle them, and closes. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        // discovery finds Greeter (META-INF/beans.xml) and redstreams (its CDI extension)
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            System.out.printf("started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            StreamProducer producer = container.select(StreamProducer.class).get();
            for (String name : List.of("Ada", "Grace", "Linus")) {
                producer.send("greetings", new Greeting(name));
            }
            boolean done = container.select(Greeter.class).get().awaitGreeted(3, Duration.ofSeconds(10));
            System.out.println(done ? "all greeted" : "not all greeted within 10 s");
        } // closing the container drains the consumer and closes every connection
        System.out.println("closed");
    }
}
