package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A wrongly declared consumer fails the deployment; every problem is reported at once, each
 * naming the method and the reason.
 */
class DeploymentValidationIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    public interface Unknown {
    }

    @ApplicationScoped
    public static class Broken {
        void noStream(@StreamConsumer(stream = "", group = "g") String s) {
        }

        void noGroup(@StreamConsumer(stream = "s1", group = " ") String s) {
        }

        void twoPayloads(@StreamConsumer(stream = "s2", group = "g") String a,
                         @StreamConsumer(stream = "s3", group = "g") String b) {
        }

        void badConcurrency(@StreamConsumer(stream = "s4", group = "g", concurrency = 0) String s) {
        }

        int badReturn(@StreamConsumer(stream = "s5", group = "g") String s) {
            return 1;
        }

        void primitive(@StreamConsumer(stream = "s6", group = "g") int s) {
        }

        void rawMessage(@SuppressWarnings("rawtypes") @StreamConsumer(stream = "s7", group = "g") StreamMessage m) {
        }

        void objectMap(@StreamConsumer(stream = "s8", group = "g") Map<String, Object> m) {
        }

        void optional(@StreamConsumer(stream = "s9", group = "g") Optional<String> m) {
        }

        void unresolvable(@StreamConsumer(stream = "s10", group = "g") String s, Unknown unknown) {
        }

        void badStart(@StreamConsumer(stream = "s11", group = "g", startFrom = "latest") String s) {
        }

        void overflowingStart(@StreamConsumer(stream = "s14", group = "g", startFrom = "18446744073709551616-0") String s) {
        }

        Future<String> futureReturn(@StreamConsumer(stream = "s12", group = "g") String s) {
            return null;
        }

        private void hidden(@StreamConsumer(stream = "s13", group = "g") String s) {
        }

        void first(@StreamConsumer(stream = "dup", group = "g") String s) {
        }

        void second(@StreamConsumer(stream = "dup", group = "g") List<String> s) {
        }
    }

    @Test
    void everyProblemIsReportedAtOnceNamingTheMethod() {
        String c = Broken.class.getName() + "#";
        assertThatThrownBy(() -> WeldApp.start(WeldApp.defaults(redis), Broken.class).close())
                .hasMessageContaining(c + "noStream: stream is missing")
                .hasMessageContaining(c + "noGroup: group is missing")
                .hasMessageContaining(c + "twoPayloads: has 2 @StreamConsumer parameters")
                .hasMessageContaining(c + "badConcurrency: concurrency must be at least 1, was 0")
                .hasMessageContaining(c + "badReturn: must return void or CompletionStage, not int")
                .hasMessageContaining(c + "primitive: a primitive payload type (int) is not supported")
                .hasMessageContaining(c + "rawMessage: StreamMessage needs its payload type")
                .hasMessageContaining(c + "objectMap: a Map payload parameter must be Map<String, String>")
                .hasMessageContaining(c + "optional: Optional is not a payload type")
                .hasMessageContaining(c + "unresolvable: parameter 1")
                .hasMessageContaining(c + "badStart: startFrom must be")
                .hasMessageContaining(c + "overflowingStart: startFrom must be")
                .hasMessageContaining(c + "futureReturn: must return void or CompletionStage")
                .hasMessageContaining(c + "hidden: must not be private")
                .hasMessageContaining(c + "second: stream 'dup', group 'g' and consumer")
                .hasMessageContaining("already declared by " + c + "first");
    }

    @ApplicationScoped
    public static class Fine {
        void on(@StreamConsumer(stream = "fine", group = "g") String s) {
        }
    }

    @Test
    void badConfigurationFailsTheDeploymentWithEveryBadValueAndNoSecret() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.redis.url", "http://user:s3cr3t@localhost:6379");
        config.put("redstreams.consumer.block-ms", "soon");
        config.put("redstreams.shutdown-timeout-ms", "-1");
        assertThatThrownBy(() -> WeldApp.start(config, Fine.class).close())
                .hasMessageContaining("scheme must be redis:// or rediss://")
                .hasMessageContaining("redstreams.consumer.block-ms: 'soon' is not a valid long")
                .hasMessageContaining("redstreams.shutdown-timeout-ms must be greater than 0")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(fullText(e)).doesNotContain("s3cr3t"));
    }

    @Test
    void aBadPerConsumerOverrideNamesTheMethodAndTheKey() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumers.fine.g.concurrency", "many");
        config.put("redstreams.consumers.fine.g.batch-size", "0");
        assertThatThrownBy(() -> WeldApp.start(config, Fine.class).close())
                .hasMessageContaining(Fine.class.getName() + "#on: redstreams.consumers.fine.g.concurrency: 'many' is not"
                        + " a valid integer");
    }

    private static String fullText(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t).append('\n');
            for (Throwable sup : t.getSuppressed()) {
                s.append(sup).append('\n');
            }
        }
        return s.toString();
    }
}
