package io.redstreams.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * TLS: {@code rediss://} with a trust store, with a client certificate for mutual TLS, host name verification on
 * by default, against {@code redis-server --tls-port} with a CA and certificates made at test time. (The servers
 * keep their plain port on 127.0.0.1 too: the test's own admin connection uses it; the application only ever
 * connects to the TLS port.)
 */
class TlsIT {

    static final String TRUST_PASSWORD = "Tr-St0re-8a8a";
    static final String KEY_PASSWORD = "Ky-St0re-4c4c";

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static RedisServer server;
    static int tlsPort;
    static RedisServer otherHost;
    static int otherTlsPort;

    private LogCapture log;

    @BeforeAll
    static void startServers() throws Exception {
        certs = TestCertificates.create(dir, TRUST_PASSWORD, KEY_PASSWORD);
        tlsPort = RedisServer.freePort();
        server = RedisServer.start(tls(tlsPort, certs.serverCert, certs.serverKey));
        otherTlsPort = RedisServer.freePort();
        otherHost = RedisServer.start(tls(otherTlsPort, certs.otherHostCert, certs.otherHostKey));
    }

    private static RedisServer.Options tls(int port, Path cert, Path key) {
        return new RedisServer.Options().args("--tls-port", Integer.toString(port), "--tls-cert-file", cert.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", certs.caCert.toString(),
                "--tls-auth-clients", "no");
    }

    @AfterAll
    static void stopServers() {
        if (server != null) {
            server.close();
        }
        if (otherHost != null) {
            otherHost.close();
        }
    }

    @BeforeEach
    void capture() {
        log = LogCapture.install();
    }

    @AfterEach
    void noStorePasswordLogged() {
        log.close();
        for (String text : log.records()) {
            assertThat(text).doesNotContain(TRUST_PASSWORD).doesNotContain(KEY_PASSWORD);
        }
    }

    @ApplicationScoped
    public static class Sink {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "tls-events", group = "g") String s) {
            seen.add(s);
        }

        List<String> seen() {
            return seen;
        }
    }

    private static Map<String, String> config(String host, int port, boolean trustStore, boolean keyStore) {
        Map<String, String> config = WeldApp.defaults("rediss://" + host + ":" + port);
        if (trustStore) {
            config.put("redstreams.redis.tls.trust-store", certs.trustStore.toString());
            config.put("redstreams.redis.tls.trust-store-password", TRUST_PASSWORD);
        }
        if (keyStore) {
            config.put("redstreams.redis.tls.key-store", certs.clientKeyStore.toString());
            config.put("redstreams.redis.tls.key-store-password", KEY_PASSWORD);
        }
        return config;
    }

    /** Sends one entry and waits for the consumer to get it: the whole path works over TLS. */
    private static void roundTrip(Map<String, String> config, String payload) {
        try (WeldApp app = WeldApp.start(config, Sink.class)) {
            app.producer().send("tls-events", payload);
            await().atMost(Duration.ofSeconds(15)).until(() -> app.bean(Sink.class).seen().contains(payload));
        }
    }

    private static String sendFailure(Map<String, String> config) {
        try (WeldApp app = WeldApp.start(config, Sink.class)) {
            app.producer().send("tls-events", "must not arrive");
            throw new AssertionError("sent over TLS with " + config);
        } catch (StreamSendException e) {
            System.out.println("TLS failure: " + e.getMessage());
            assertThat(LogCapture.stackTrace(e)).doesNotContain(TRUST_PASSWORD).doesNotContain(KEY_PASSWORD);
            return e.getMessage();
        }
    }

    @Test
    @Timeout(60)
    void rediss_withATrustStore() {
        roundTrip(config("localhost", tlsPort, true, false), "by name");
        roundTrip(config("127.0.0.1", tlsPort, true, false), "by address"); // the certificate names the IP too
    }

    @Test
    @Timeout(60)
    void mutualTls_needsTheClientCertificate() {
        try (Jedis admin = new Jedis(server.host(), server.port())) {
            admin.configSet("tls-auth-clients", "yes");
            try {
                String message = sendFailure(config("localhost", tlsPort, true, false));
                assertThat(message).contains("Cannot connect to Redis at rediss://localhost:" + tlsPort);
                roundTrip(config("localhost", tlsPort, true, true), "with a client certificate");
            } finally {
                admin.configSet("tls-auth-clients", "no");
            }
        }
    }

    @Test
    @Timeout(60)
    void hostNameVerificationIsOnByDefault() {
        String message = sendFailure(config("localhost", otherTlsPort, true, false));
        assertThat(message).contains("Cannot connect to Redis at rediss://localhost:" + otherTlsPort)
                .containsIgnoringCase("localhost found");
        // only when it is switched off explicitly does a certificate for another name pass (the CA is still checked)
        Map<String, String> lax = config("localhost", otherTlsPort, true, false);
        lax.put("redstreams.redis.tls.verify-hostname", "false");
        roundTrip(lax, "without host name verification");
    }

    @Test
    @Timeout(60)
    void aServerCertificateFromAnUnknownCaIsRefused() {
        String message = sendFailure(config("localhost", tlsPort, false, false));
        assertThat(message).contains("Cannot connect to Redis at rediss://localhost:" + tlsPort)
                .contains("unable to find valid certification path");
    }

    @Test
    @Timeout(60)
    void aWrongTrustStorePasswordIsAClearErrorWithoutThePassword() {
        Map<String, String> config = config("localhost", tlsPort, true, false);
        config.put("redstreams.redis.tls.trust-store-password", "Not-the-" + TRUST_PASSWORD);
        String message = sendFailure(config);
        assertThat(message).contains("Cannot connect to Redis at rediss://localhost:" + tlsPort)
                .doesNotContain("Not-the-");
    }
}
