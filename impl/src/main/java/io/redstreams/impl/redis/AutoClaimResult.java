package io.redstreams.impl.redis;

import java.util.List;

/**
 * What one XAUTOCLAIM call returned.
 *
 * @param nextCursor  where the next call starts; {@code 0-0} when the scan is complete
 * @param claimed     the entries now owned by the calling consumer
 * @param deletedIds  pending ids whose entries no longer exist (trimmed or deleted); Redis has
 *                    removed them from the pending list
 */
public record AutoClaimResult(String nextCursor, List<RawEntry> claimed, List<String> deletedIds) {
}
