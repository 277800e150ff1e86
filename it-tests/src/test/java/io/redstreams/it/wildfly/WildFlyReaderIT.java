package io.redstreams.it.wildfly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import io.redstreams.it.support.RedisChecks;

/**
 * Issue 13 §1 in a server: a CDI bean of a WAR on WildFly injects {@code StreamReader} (from the deployed adapter),
 * reads a range and tails a stream with blocking reads, over entries a foreign client adds.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyReaderIT {

    private static final String STREAM = "reader-orders";

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = "reader", order = 2, testable = false)
    static WebArchive app() {
        return ServerApps.readerApp("reader.war");
    }

    @ArquillianResource
    @OperateOnDeployment("reader")
    URL base;

    private final RedisChecks redis = new RedisChecks(ItRedis.REDIS);

    @Test
    void aBeanReadsARangeAndTailsTheStream() throws Exception {
        List<String> ids = new ArrayList<>();
        for (long order = 1; order <= 5; order++) {
            ids.add(redis.addOrder(STREAM, order, 10.0 * order));
        }

        assertThat(read("op=range&from=-&to=%2B&count=100"))
                .containsExactly(ids.get(0) + "/1", ids.get(1) + "/2", ids.get(2) + "/3", ids.get(3) + "/4",
                        ids.get(4) + "/5");
        assertThat(read("op=range&from=" + enc("(" + ids.get(1)) + "&to=" + ids.get(3) + "&count=100"))
                .as("an exclusive start").containsExactly(ids.get(2) + "/3", ids.get(3) + "/4");

        // a tail after the last entry: the request blocks until three new entries come
        CompletableFuture<List<String>> tail = CompletableFuture.supplyAsync(
                () -> read("op=tail&after=" + ids.get(4) + "&count=3&timeoutMs=20000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.redstreamsClients().contains("redstreams-tail"));
        assertThat(tail).as("the tail waits for new entries").isNotDone();
        List<String> added = new ArrayList<>();
        for (long order = 6; order <= 8; order++) {
            added.add(redis.addOrder(STREAM, order, 10.0 * order));
        }
        List<String> tailed = tail.get(30, TimeUnit.SECONDS);
        System.out.println("READER in WildFly: range of 5, tail read " + tailed);
        assertThat(tailed).containsExactly(added.get(0) + "/6", added.get(1) + "/7", added.get(2) + "/8");
    }

    private List<String> read(String query) {
        String body = Http.get(base, "reader?stream=" + STREAM + "&" + query);
        return body.isEmpty() ? List.of() : Arrays.asList(body.split(","));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
