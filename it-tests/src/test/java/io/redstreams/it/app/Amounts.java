package io.redstreams.it.app;

/** What an order's amount asks the consumers under test to do. */
public final class Amounts {

    /** Always fails: thrown from the consumer, so it is retried and then dead-lettered. */
    public static final double ALWAYS_FAIL = -1;

    /** The message-driven bean marks its transaction for rollback and returns normally: also a failure. */
    public static final double ROLLBACK = -2;

    /** Fails on the first delivery only, then succeeds: proves redelivery. */
    public static final double FAIL_ONCE = -3;

    private Amounts() {
    }
}
