package io.redstreams.it.weld;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

import io.redstreams.it.app.Amounts;
import io.redstreams.it.app.Order;
import io.redstreams.it.app.OrderConsumer;
import io.redstreams.it.app.Received;
import io.redstreams.it.app.Streams;

/**
 * The application archives of the Weld tests. The redstreams engine and its CDI extension come from the test class
 * path (Weld embedded runs in this JVM and loads the extension from {@code META-INF/services} there), as a
 * library jar would in a WAR.
 */
final class WeldApps {

    private WeldApps() {
    }

    static JavaArchive app(String name) {
        return ShrinkWrap.create(JavaArchive.class, name)
                .addClasses(Order.class, Amounts.class, Streams.class, Received.class, OrderConsumer.class,
                        OrderDesk.class)
                .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
    }
}
