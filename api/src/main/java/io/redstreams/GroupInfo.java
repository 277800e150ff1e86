package io.redstreams;

/**
 * One consumer group of a stream, as {@code XINFO GROUPS} reports it at the moment of the call.
 *
 * @param name            the group's name
 * @param consumers       how many consumers the group has
 * @param pending         entries delivered to the group and not acknowledged yet (its pending entries list)
 * @param lag             entries of the stream not yet delivered to the group; {@code null} when Redis cannot tell:
 *                        before Redis 7.0, or when entries between the group's position and the end of the stream
 *                        were deleted (XDEL) or the group was positioned at an arbitrary id
 * @param lastDeliveredId the id of the last entry delivered to the group ({@code 0-0} when none)
 * @param entriesRead     how many entries the group has read (Redis 7.0+; {@code null} when Redis cannot tell)
 */
public record GroupInfo(String name, long consumers, long pending, Long lag, String lastDeliveredId,
                        Long entriesRead) {
}
