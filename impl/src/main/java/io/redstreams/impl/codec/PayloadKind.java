package io.redstreams.impl.codec;

/**
 * How an entry becomes a consumer's payload.
 */
public enum PayloadKind {
    /** The {@code payload} field as UTF-8 text. */
    TEXT,
    /** The {@code payload} field's bytes. */
    BYTES,
    /** All fields of the entry as text, {@code payload} included. */
    FIELDS,
    /** The {@code payload} field as JSON, mapped with JSON-B. */
    JSON
}
