package io.redstreams.it.app;

/** The stream and group names of the test applications. */
public final class Streams {

    /** Orders consumed by the CDI {@code @StreamConsumer} method. */
    public static final String ORDERS = "it-orders";
    public static final String ORDERS_GROUP = "it-billing";
    /** Where the CDI consumer echoes what it consumed, with the injected {@code StreamProducer}. */
    public static final String ORDERS_SEEN = "it-orders:seen";

    /** Orders consumed by the message-driven bean. */
    public static final String MDB = "it-mdb";
    public static final String MDB_GROUP = "it-mdb-group";
    public static final String MDB_MAX_DELIVERIES = "3";

    /** Sent through the outbound connection factory. */
    public static final String OUTBOUND = "it-outbound";

    private Streams() {
    }
}
