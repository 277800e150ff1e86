package io.redstreams.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made at test time with {@code openssl} in a temp dir (no key is ever committed): a CA, a server
 * certificate for {@code localhost} / {@code 127.0.0.1}, a server certificate for another host name, a client
 * certificate, a PKCS12 trust store with the CA and a PKCS12 key store with the client certificate and key.
 */
final class TestCertificates {

    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path otherHostCert;
    final Path otherHostKey;
    final Path trustStore;
    final Path clientKeyStore;
    final String trustStorePassword;
    final String keyStorePassword;

    private TestCertificates(Path dir, String trustStorePassword, String keyStorePassword) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
        this.otherHostCert = dir.resolve("other.crt");
        this.otherHostKey = dir.resolve("other.key");
        this.trustStore = dir.resolve("trust.p12");
        this.clientKeyStore = dir.resolve("client.p12");
        this.trustStorePassword = trustStorePassword;
        this.keyStorePassword = keyStorePassword;
    }

    static TestCertificates create(Path dir, String trustStorePassword, String keyStorePassword) throws Exception {
        TestCertificates c = new TestCertificates(dir, trustStorePassword, keyStorePassword);
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=redstreams test CA");
        c.sign("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        c.sign("other", "/CN=not-this-host.example",
                "subjectAltName=DNS:not-this-host.example\nextendedKeyUsage=serverAuth\n");
        c.sign("client", "/CN=redstreams test client", "extendedKeyUsage=clientAuth\n");
        openssl(dir, "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-name", "client",
                "-out", "client.p12", "-passout", "pass:" + keyStorePassword);
        // the trust store: just the CA, as a trusted certificate entry
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(c.caCert)) {
            trust.setCertificateEntry("redstreams-test-ca",
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(c.trustStore)) {
            trust.store(out, trustStorePassword.toCharArray());
        }
        return c;
    }

    private void sign(String name, String subject, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions, StandardCharsets.US_ASCII);
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
