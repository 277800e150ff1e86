package io.redstreams;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Thrown by a batch consumer (a {@code @StreamConsumer} parameter of type {@code List<T>} or
 * {@code List<StreamMessage<T>>}) to say which entries of the batch failed: those are delivered again after the
 * retry backoff (dead-lettered one by one past {@code maxDeliveries}); every other entry of the batch is
 * acknowledged.
 *
 * <pre>{@code
 * void onOrders(@StreamConsumer(stream = "orders", group = "billing", batchSize = 50) List<Order> orders) {
 *     List<Integer> failed = billingService.submitAll(orders);   // indices that were refused
 *     if (!failed.isEmpty()) {
 *         throw new BatchFailedException("refused by billing", null, failed);
 *     }
 * }
 * }</pre>
 *
 * <p>Indices are positions in the list the method got (0 for its first element). Indices outside the list are
 * ignored. If no index inside the list remains, the whole batch counts as failed, as for any other exception.
 * Instances are immutable.
 */
public class BatchFailedException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    /** The positions in the batch of the entries that failed, ascending; unmodifiable. */
    private final SortedSet<Integer> failedIndices;

    /**
     * @param message       why, for the logs and the dead-letter stream's {@code error} field
     * @param cause         the underlying failure, or {@code null}
     * @param failedIndices the positions in the batch of the entries that failed; {@code null} means none given
     */
    public BatchFailedException(String message, Throwable cause, Collection<Integer> failedIndices) {
        super(message, cause);
        TreeSet<Integer> indices = new TreeSet<>();
        if (failedIndices != null) {
            for (Integer i : failedIndices) {
                if (i != null) {
                    indices.add(i);
                }
            }
        }
        this.failedIndices = Collections.unmodifiableSortedSet(indices);
    }

    /**
     * @param message       why, for the logs and the dead-letter stream's {@code error} field
     * @param failedIndices the positions in the batch of the entries that failed
     */
    public BatchFailedException(String message, int... failedIndices) {
        this(message, null, failedIndices == null ? null : Arrays.stream(failedIndices).boxed().toList());
    }

    /** {@return the positions in the batch of the entries that failed, in ascending order; unmodifiable} */
    public SortedSet<Integer> failedIndices() {
        return failedIndices;
    }
}
