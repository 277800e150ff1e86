package io.redstreams.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Polls a condition on Redis until it holds or the time is up; then fails with a description of Redis. */
final class Waiting {

    static final long POLL_MILLIS = 25;

    private Waiting() {
    }

    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
        if (condition.getAsBoolean()) {
            return;
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new AssertionError(failure.get());
        }
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(POLL_MILLIS))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(failure.get() + "\n(waited " + timeout.toMillis() + " ms)");
        }
    }
}
