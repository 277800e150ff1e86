package io.redstreams.it.weld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.app.BadConsumers;
import io.redstreams.it.support.ItRedis;
import jakarta.enterprise.inject.spi.DeploymentException;

/**
 * Scenario 5 on Weld embedded: an application with wrongly declared {@code @StreamConsumer} methods fails to
 * deploy, and the failure names each method and its problem.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
class WeldBadDeploymentIT {

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "bad", managed = false)
    @ShouldThrowException(DeploymentException.class)
    static JavaArchive bad() {
        return badArchive("weld-bad.jar");
    }

    /** The same archive without {@code @ShouldThrowException}, so the test sees the exception itself. */
    @Deployment(name = "bad-inspected", managed = false)
    static JavaArchive badInspected() {
        return badArchive("weld-bad-inspected.jar");
    }

    private static JavaArchive badArchive(String name) {
        return ShrinkWrap.create(JavaArchive.class, name)
                .addClasses(BadConsumers.class)
                .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Test
    void deploymentFailsWithADeploymentException() {
        deployer.deploy("bad"); // @ShouldThrowException: passes only if the deployment failed as expected
    }

    @Test
    void theFailureNamesEveryBadMethodAndWhy() {
        Throwable failure = catchThrowable(() -> deployer.deploy("bad-inspected"));
        try {
            assertThat(failure).as("deploying an application with bad consumers").isNotNull();
            String text = stackTrace(failure);
            for (String problem : BadConsumers.EXPECTED_PROBLEMS) {
                assertThat(text).contains(problem);
            }
        } finally {
            try {
                deployer.undeploy("bad-inspected");
            } catch (RuntimeException ignored) {
                // it never deployed
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
