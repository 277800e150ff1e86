package io.redstreams.impl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.redstreams.impl.redis.RedisNode;
import io.redstreams.impl.redis.RedisSettings;

/** The topology keys: one topology at most, well-formed lists, all problems at once, database 0 with Cluster. */
class TopologyConfigTest {

    @Test
    void bothTopologiesAndMalformedListsAreReportedTogetherNamingTheKeys() {
        Map<String, String> values = Map.of(
                "redstreams.redis.sentinel.master", "mymaster",
                "redstreams.redis.sentinel.nodes", "127.0.0.1:26379,,nohost,h:99999,h:abc,[::1]:26380",
                "redstreams.redis.cluster.nodes", "10.0.0.1:7000,:7001",
                "redstreams.redis.sentinel.password", "hunter2");
        assertThatThrownBy(() -> RedStreamsConfig.read(ConfigLookup.of(values)))
                .hasMessageContaining("redstreams.redis.sentinel.nodes: entry 2 of")
                .hasMessageContaining("redstreams.redis.sentinel.nodes: 'nohost' is not host:port")
                .hasMessageContaining("redstreams.redis.sentinel.nodes: port 99999 of 'h:99999' is out of range")
                .hasMessageContaining("redstreams.redis.sentinel.nodes: 'h:abc' has no valid port")
                .hasMessageContaining("redstreams.redis.cluster.nodes: ':7001' is not host:port")
                .hasMessageContaining("set either redstreams.redis.sentinel.nodes (Sentinel) or"
                        + " redstreams.redis.cluster.nodes (Cluster), not both")
                .hasMessageNotContaining("Redis Cluster is not supported")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void clusterNodesBecomeTheSeedsAndNeedDatabaseZero() {
        RedisSettings redis = RedStreamsConfig.read(ConfigLookup.of(Map.of(
                "redstreams.redis.cluster.nodes", "127.0.0.1:7000, [::1]:7001"))).redisSettings();
        assertThat(redis.cluster()).containsExactly(new RedisNode("127.0.0.1", 7000), new RedisNode("::1", 7001));
        assertThat(redis.target()).contains("127.0.0.1:7000").contains("[::1]:7001");
        assertThatThrownBy(() -> RedStreamsConfig.read(ConfigLookup.of(Map.of(
                "redstreams.redis.url", "redis://localhost:6379/2",
                "redstreams.redis.cluster.nodes", "127.0.0.1:7000"))))
                .hasMessageContaining("redstreams.redis.cluster.nodes is set but redstreams.redis.url names database 2");
    }

    @Test
    void masterAndNodesGoTogether() {
        assertThatThrownBy(() -> RedStreamsConfig.read(ConfigLookup.of(Map.of(
                "redstreams.redis.sentinel.master", "mymaster"))))
                .hasMessageContaining("redstreams.redis.sentinel.master is set but redstreams.redis.sentinel.nodes"
                        + " is empty");
        assertThatThrownBy(() -> RedStreamsConfig.read(ConfigLookup.of(Map.of(
                "redstreams.redis.sentinel.nodes", "127.0.0.1:26379"))))
                .hasMessageContaining("redstreams.redis.sentinel.nodes is set but redstreams.redis.sentinel.master"
                        + " is empty");
    }

    @Test
    void waitTimeoutMustStayBelowTheSocketTimeout() {
        assertThatThrownBy(() -> RedStreamsConfig.read(ConfigLookup.of(Map.of(
                "redstreams.producer.wait-replicas", "1",
                "redstreams.producer.wait-timeout-ms", "5000"))))
                .hasMessageContaining("redstreams.producer.wait-timeout-ms (5000) must be less than"
                        + " redstreams.redis.timeout-ms (2000)");
    }

    @Test
    void aGoodSentinelConfigurationBuildsTheSettings() {
        RedisSettings settings = RedStreamsConfig.read(ConfigLookup.of(Map.of(
                "redstreams.redis.url", "redis://app:secret@ignored:1/2",
                "redstreams.redis.sentinel.master", "mymaster",
                "redstreams.redis.sentinel.nodes", " 127.0.0.1:26379, [::1]:26380 ,127.0.0.1:26379",
                "redstreams.redis.sentinel.user", "sentinel-user",
                "redstreams.redis.sentinel.password", "s3cret",
                "redstreams.producer.wait-replicas", "1"))).redisSettings();
        assertThat(settings.sentinel().masterName()).isEqualTo("mymaster");
        assertThat(settings.sentinel().nodes()).containsExactly(new RedisNode("127.0.0.1", 26379),
                new RedisNode("::1", 26380));
        assertThat(settings.sentinel().user()).isEqualTo("sentinel-user");
        assertThat(settings.sentinel().password()).isEqualTo("s3cret");
        assertThat(settings.endpoint().database()).isEqualTo(2);
        assertThat(settings.waitReplicas()).isEqualTo(1);
        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("secret");
        assertThat(settings.sentinel().toString()).contains("[127.0.0.1:26379, [::1]:26380]");
    }
}
