package io.redstreams.impl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The wall around engine listeners: a listener that throws is contained and the others still hear the signal. */
class EngineSignalsTest {

    @Test
    void aThrowingListenerIsContainedAndTheOthersStillHear() {
        EngineSignals signals = new EngineSignals();
        assertThat(signals.active()).isFalse();
        signals.deadLettered("1-0", "s", "g", "s:dlq", "boom", 3); // nobody listens: nothing happens
        List<String> heard = new CopyOnWriteArrayList<>();
        signals.add(new EngineListener() {
            @Override
            public void deadLettered(String entryId, String stream, String group, String deadLetterStream,
                                     String reason, long deliveries) {
                throw new IllegalStateException("listener broke");
            }

            @Override
            public void outageBegan(String stream, String group, String consumer, String reason) {
                throw new Error("worse");
            }
        });
        signals.add(new EngineListener() {
            @Override
            public void deadLettered(String entryId, String stream, String group, String deadLetterStream,
                                     String reason, long deliveries) {
                heard.add("dead " + entryId + " " + reason + " " + deliveries);
            }

            @Override
            public void outageBegan(String stream, String group, String consumer, String reason) {
                heard.add("down " + consumer);
            }

            @Override
            public void entriesClaimed(String stream, String group, String consumer, List<String> ids) {
                heard.add("claimed " + ids);
            }
        });
        assertThat(signals.active()).isTrue();

        signals.deadLettered("1-0", "s", "g", "s:dlq", "boom", 3);
        signals.outageBegan("s", "g", "c1", "away");
        signals.entriesClaimed("s", "g", "c1", List.of("1-0", "2-0"));
        signals.outageEnded("s", "g", "c1", "away", 10); // default no-op

        assertThat(heard).containsExactly("dead 1-0 boom 3", "down c1", "claimed [1-0, 2-0]");
        assertThat(signals.listenerFailures()).as("each failure is counted").isEqualTo(2);
    }

    @Test
    void perMessageSignalsReachOnlyTrafficListenersAndAreWalledToo() {
        EngineSignals signals = new EngineSignals();
        List<String> heard = new CopyOnWriteArrayList<>();
        signals.add(new EngineListener() { // hears the rare signals only, as the CDI events do
        });
        assertThat(signals.counting()).as("no per-message listener yet").isFalse();
        signals.consumed("s", "g"); // one emptiness check, nothing else
        signals.add(new TrafficListener() {
            @Override
            public void consumed(String stream, String group) {
                throw new IllegalStateException("metrics broke");
            }
        });
        signals.add(new TrafficListener() {
            @Override
            public void sent(String stream, int count, long nanos, Throwable failure) {
                heard.add("sent " + stream + " " + count + " " + (nanos >= 0) + " " + failure);
            }

            @Override
            public void consumed(String stream, String group) {
                heard.add("consumed " + stream + "/" + group);
            }

            @Override
            public void processed(String stream, String group, long nanos, Throwable failure) {
                heard.add("processed " + (failure == null ? "ok" : failure.getMessage()));
            }

            @Override
            public void acked(String stream, String group, int count) {
                heard.add("acked " + count);
            }

            @Override
            public void failed(String stream, String group, Throwable failure) {
                heard.add("failed " + failure);
            }

            @Override
            public void retried(String stream, String group) {
                heard.add("retried");
            }
        });
        assertThat(signals.counting()).isTrue();

        signals.sentSince("s", 2, System.nanoTime(), null);
        signals.consumed("s", "g");
        signals.processedSince("s", "g", System.nanoTime(), new IllegalStateException("bad"));
        signals.acked("s", "g", 3);
        signals.failed("s", "g", null);
        signals.retried("s", "g");

        assertThat(heard).containsExactly("sent s 2 true null", "consumed s/g", "processed bad", "acked 3",
                "failed null", "retried");
    }
}
