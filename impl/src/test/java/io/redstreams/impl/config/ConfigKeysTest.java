package io.redstreams.impl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Keys are declared once; the README shows exactly what is declared; bad values are reported
 * together, secrets never.
 */
class ConfigKeysTest {

    private static final String START = "<!-- config-table:start -->\n";
    private static final String END = "<!-- config-table:end -->";

    @Test
    void theReadmeTableIsTheDeclaredKeys() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf(START);
        int to = readme.indexOf(END);
        assertThat(from).as("README.md has the config table markers").isNotNegative();
        assertThat(readme.substring(from + START.length(), to))
                .as("README config table; regenerate it from ConfigKeys.markdownTable()")
                .isEqualTo(ConfigKeys.markdownTable());
    }

    @Test
    void keysAreKebabCaseAndUnique() {
        assertThat(ConfigKeys.ALL).extracting(ConfigKey::name)
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches("redstreams(\\.[a-z0-9]+(-[a-z0-9]+)*)+"));
        assertThat(ConfigKeys.ALL).allSatisfy(k -> assertThat(k.description()).isNotBlank());
    }

    @Test
    void everyBadValueIsReportedAtOnceAndSecretsAreMasked() {
        Map<String, String> values = Map.of(
                "redstreams.consumer.block-ms", "abc",
                "redstreams.producer.pool-size", "0",
                "redstreams.redis.client-name", "other",
                "redstreams.consumer.enabled", "yes",
                "redstreams.redis.url", "rediss://u:hunter2@host:1/x");
        assertThatThrownBy(() -> RedStreamsConfig.read(ConfigLookup.of(values)))
                .hasMessageContaining("redstreams.consumer.block-ms: 'abc' is not a valid long")
                .hasMessageContaining("redstreams.producer.pool-size must be greater than 0")
                .hasMessageContaining("redstreams.redis.client-name must start with 'redstreams'")
                .hasMessageContaining("redstreams.consumer.enabled: 'yes' is not a valid boolean")
                .hasMessageContaining("the path must be a database number")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void defaultsApplyAndToStringHasNoSecret() {
        RedStreamsConfig config = RedStreamsConfig.read(ConfigLookup.of(Map.of(
                "redstreams.redis.url", "redis://app:hunter2@cache:6380/2",
                "redstreams.redis.tls.key-store-password", "storepw")));
        assertThat(config.get(ConfigKeys.CONSUMER_BLOCK_MS)).isEqualTo(2000L);
        assertThat(config.redisSettings().endpoint().password()).isEqualTo("hunter2");
        assertThat(config.toString()).contains("redis://app@cache:6380/2").doesNotContain("hunter2", "storepw");
        assertThat(config.redisSettings().toString()).doesNotContain("hunter2", "storepw");
    }
}
