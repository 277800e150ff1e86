package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.resource.spi.ResourceAdapterInternalException;
import org.junit.jupiter.api.Test;

/** Issue 11: the adapter's sentinelMaster, sentinelNodes and clusterNodes properties go through the engine's checks. */
class AdapterTopologyConfigTest {

    @Test
    void bothTopologiesOrAMalformedListFailTheStartNamingTheKeys() {
        RedStreamsResourceAdapter adapter = new RedStreamsResourceAdapter();
        adapter.setSentinelMaster("mymaster");
        adapter.setSentinelNodes("127.0.0.1:26379,127.0.0.1:0");
        adapter.setClusterNodes("127.0.0.1:7000");
        assertThat(adapter.getSentinelMaster()).isEqualTo("mymaster");
        assertThat(adapter.getSentinelNodes()).isEqualTo("127.0.0.1:26379,127.0.0.1:0");
        assertThat(adapter.getClusterNodes()).isEqualTo("127.0.0.1:7000");

        assertThatThrownBy(() -> adapter.start(new TestBootstrapContext()))
                .isInstanceOf(ResourceAdapterInternalException.class)
                .hasMessageContaining("redstreams.redis.sentinel.nodes: port 0 of '127.0.0.1:0' is out of range")
                .hasMessageContaining("not both");
    }
}
