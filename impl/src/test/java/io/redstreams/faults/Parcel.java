package io.redstreams.faults;

import io.redstreams.StreamType;

/** A typed payload of the fault scenarios. */
@StreamType("parcel")
public record Parcel(long seq, String label) {
}
