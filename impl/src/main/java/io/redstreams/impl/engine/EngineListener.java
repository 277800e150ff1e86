package io.redstreams.impl.engine;

import java.util.List;

/**
 * Told what the engine does, for health, metrics and tracing. Attach one with
 * {@link RedStreamsEngine#listen(EngineListener)}. Every method has an empty default, so a listener
 * implements only what it cares about and new signals do not break it.
 *
 * <p>Called on engine threads: a listener must return quickly and must not block. What it throws is
 * caught and logged; it never ends an engine loop.
 */
public interface EngineListener {

    /** A set of consumers started; {@code names} are their specs' names (e.g. {@code Class#method}). */
    default void consumersStarted(List<String> names) {
    }

    /** A set of consumers stopped (drained, or timed out and interrupted). */
    default void consumersStopped(List<String> names) {
    }
}
