package io.redstreams.it.payara;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.server.app.PingServlet;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;

/** Payara Micro boots under Arquillian and serves a trivial deployment. */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraBootIT {

    @Deployment(testable = false)
    static WebArchive ping() {
        return ShrinkWrap.create(WebArchive.class, "ping.war").addClass(PingServlet.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void aTrivialDeploymentAnswers() {
        assertThat(Http.get(base, "ping")).isEqualTo("pong");
    }
}
