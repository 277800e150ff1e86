package io.redstreams;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Some entries of one {@link StreamProducer#sendAll(String, List)} call were added and others not:
 * each entry of a pipeline has its own outcome, and this exception reports every one of them, by
 * the index of the entry in the {@code payloads} list.
 *
 * <ul>
 *   <li>{@link #ids()}: the id of each added entry, {@code null} for the others;</li>
 *   <li>{@link #refused()}: entries Redis refused (for example the key holds another type); they
 *       were certainly not added, with Redis's reason;</li>
 *   <li>{@link #uncertain()}: entries written to a connection that broke before their answer came;
 *       each may or may not have been added (see the README, "Connections and failures");</li>
 *   <li>{@link #notSent()}: entries never written because an earlier failure stopped the call; not added.</li>
 * </ul>
 * Retrying exactly {@code refused()} (after fixing their cause) and {@code notSent()} adds no
 * duplicates; retrying {@code uncertain()} may, unless the idempotent send is used.
 *
 * <p>Immutable; thread-safe.
 */
public class PartialSendException extends StreamSendException {

    private static final long serialVersionUID = 1L;

    /** One slot per entry: its id when added, else {@code null}. */
    private final List<String> ids;
    /** Index to Redis's error reply, for entries Redis refused. */
    private final Map<Integer, String> refused;
    /** Indexes whose outcome is unknown. */
    private final List<Integer> uncertain;
    /** Indexes never written. */
    private final List<Integer> notSent;

    /**
     * Reports the outcome of every entry of one call.
     *
     * @param message   what happened, naming the stream
     * @param ids       one slot per entry: its id when added, else {@code null}
     * @param refused   index to Redis's error reply, for entries Redis refused
     * @param uncertain indexes whose outcome is unknown
     * @param notSent   indexes never written
     * @param cause     the first failure, or {@code null}
     */
    public PartialSendException(String message, List<String> ids, Map<Integer, String> refused,
                                List<Integer> uncertain, List<Integer> notSent, Throwable cause) {
        super(message, cause);
        this.ids = Collections.unmodifiableList(new ArrayList<>(ids));
        this.refused = Collections.unmodifiableMap(new TreeMap<>(refused));
        this.uncertain = List.copyOf(uncertain);
        this.notSent = List.copyOf(notSent);
    }

    /** {@return one slot per entry of the call, in order: the id of an added entry, {@code null} otherwise} */
    public List<String> ids() {
        return ids;
    }

    /** {@return how many entries were certainly added} */
    public int addedCount() {
        int n = 0;
        for (String id : ids) {
            if (id != null) {
                n++;
            }
        }
        return n;
    }

    /** {@return the entries Redis refused (not added), by index, with Redis's error reply; sorted by index} */
    public Map<Integer, String> refused() {
        return refused;
    }

    /**
     * {@return the indexes of entries that may or may not have been added (the connection broke after they were
     * written)}
     */
    public List<Integer> uncertain() {
        return uncertain;
    }

    /** {@return the indexes of entries that were never written to Redis (not added)} */
    public List<Integer> notSent() {
        return notSent;
    }
}
