package io.redstreams.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.testsupport.RedisExtension;

/**
 * The demo, small: plain Weld SE bean discovery, nothing lost, the poison orders dead-lettered, the commands
 * routed by type.
 */
class QuickstartIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @Test
    void theDemoLosesNothing() throws Exception {
        QuickstartMain.Summary summary = QuickstartMain.run(120_000, redis.url());
        assertThat(summary.sent()).isEqualTo(120_000);
        assertThat(summary.deadLettered()).isEqualTo(2);
        assertThat(summary.consumed()).isEqualTo(120_000 - 2);
        assertThat(summary.lost()).isZero();
        assertThat(summary.commandsRouted()).isEqualTo(4); // the command bus: 3 ship-order + 1 cancel-order
    }
}
