package io.redstreams.it.wildfly;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.ServerScenarios;

/**
 * Scenarios 1, 2, 3 and 6 on WildFly: the adapter is deployed first, as {@code redstreams-resource-adapter.rar},
 * then the application, whose manifest depends on it ({@code Dependencies: deployment.redstreams-resource-adapter.rar
 * services}).
 */
class WildFlyScenariosIT extends ServerScenarios {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = APP, order = 2, testable = false)
    static WebArchive app() {
        return ServerApps.app("app.war");
    }
}
