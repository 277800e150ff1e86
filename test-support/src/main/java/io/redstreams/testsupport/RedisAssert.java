package io.redstreams.testsupport;

import java.time.Duration;
import java.util.Objects;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ-style assertions on what a test's Redis holds, with waiting built in: each assertion reads Redis again
 * until it holds or the timeout ({@value #DEFAULT_TIMEOUT_SECONDS} s unless {@link #within(Duration)} says
 * otherwise) passes, and then fails with a message that shows what Redis holds. Start with
 * {@link RedStreamsAssertions#assertThat(RedisExtension)}:
 *
 * <pre>{@code
 * assertThat(redis).group("orders", "billing").hasAcknowledged(id).hasNoPendingEntries();
 * assertThat(redis).stream("orders:dlq").hasDeadLetterWithReason("IllegalArgumentException");
 * assertThat(redis).hasNoRedstreamsClients();
 * }</pre>
 *
 * <p>Reads use the extension's admin connection (client name {@value RedisExtension#ADMIN_CLIENT_NAME}), one command
 * at a time, every {@value Waiting#POLL_MILLIS} ms. Not thread-safe: use an assertion from one thread.
 */
public final class RedisAssert extends AbstractAssert<RedisAssert, RedisExtension> {

    /** How long assertions wait by default. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 10;

    private final RedisView view;
    private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);

    RedisAssert(RedisExtension redis) {
        super(redis, RedisAssert.class);
        this.view = new RedisView(Objects.requireNonNull(redis, "redis"));
    }

    /**
     * @param timeout how long the following assertions wait for their condition; {@link Duration#ZERO} checks once
     * @return this
     */
    public RedisAssert within(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * @param stream a stream key
     * @return assertions on that stream, waiting as long as this one
     */
    public StreamAssert stream(String stream) {
        return new StreamAssert(view, Objects.requireNonNull(stream, "stream"), timeout);
    }

    /**
     * @param stream a stream key
     * @param group  a consumer group of it
     * @return assertions on that group, waiting as long as this one
     */
    public GroupAssert group(String stream, String group) {
        return new GroupAssert(view, Objects.requireNonNull(stream, "stream"), Objects.requireNonNull(group, "group"),
                timeout);
    }

    /**
     * Waits until no connected client has a name starting with {@code prefix} (CLIENT LIST).
     *
     * @param prefix a client name prefix, e.g. {@code "redstreams"}
     * @return this
     */
    public RedisAssert hasNoClientsNamed(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        Waiting.until(timeout, () -> view.clientNames().stream().noneMatch(name -> name.startsWith(prefix)),
                () -> "Expected no client whose name starts with '" + prefix + "', but " + view.describeClients());
        return this;
    }

    /**
     * Waits until the library has no connection left ({@code redstreams*} client names): what a closed container
     * or an undeployed application must leave behind.
     *
     * @return this
     */
    public RedisAssert hasNoRedstreamsClients() {
        return hasNoClientsNamed("redstreams");
    }
}
