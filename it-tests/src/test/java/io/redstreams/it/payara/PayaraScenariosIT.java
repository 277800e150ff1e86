package io.redstreams.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.ServerScenarios;

/**
 * Scenarios 1, 2, 3 and 6 on Payara Micro. The Arquillian adapter starts one Micro JVM per deployment, so the
 * resource adapter cannot be a deployment of its own here: arquillian.xml has Micro deploy it alongside, as
 * {@code --deploy target/deployments/redstreams-resource-adapter.rar}.
 */
class PayaraScenariosIT extends ServerScenarios {

    @Deployment(name = APP, testable = false)
    static WebArchive app() {
        return ServerApps.app("app.war");
    }
}
