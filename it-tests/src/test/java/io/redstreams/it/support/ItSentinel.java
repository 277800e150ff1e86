package io.redstreams.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.redstreams.testsupport.RedisSentinelSet;

/**
 * A Sentinel set (1 master, 1 replica, 3 sentinels) for one test class, started before the class's deployments
 * are built (register this extension before {@code ArquillianExtension}: the deployments name its sentinels) and
 * stopped after they are undeployed.
 */
public final class ItSentinel implements BeforeAllCallback, AfterAllCallback {

    private static RedisSentinelSet set;

    /** @return the running set, started on first use */
    public static synchronized RedisSentinelSet set() {
        if (set == null) {
            set = RedisSentinelSet.start();
        }
        return set;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        set();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (ItSentinel.class) {
            if (set != null) {
                set.close();
                set = null;
            }
        }
    }
}
