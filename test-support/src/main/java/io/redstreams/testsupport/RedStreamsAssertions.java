package io.redstreams.testsupport;

/**
 * The entry point of the Redis assertions: {@code import static io.redstreams.testsupport.RedStreamsAssertions.assertThat;}
 * next to AssertJ's own {@code assertThat} (the overloads do not clash).
 */
public final class RedStreamsAssertions {

    private RedStreamsAssertions() {
    }

    /**
     * @param redis the extension that gives the test its Redis
     * @return assertions on what that Redis holds, waiting up to {@value RedisAssert#DEFAULT_TIMEOUT_SECONDS} s
     */
    public static RedisAssert assertThat(RedisExtension redis) {
        return new RedisAssert(redis);
    }
}
