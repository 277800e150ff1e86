/**
 * Security tests: a minimal Redis ACL user ({@link io.redstreams.security.AclIT}, which prints the line), wrong
 * passwords and secrets never shown ({@link io.redstreams.security.CredentialsIT}), TLS with a trust store, mutual
 * TLS and host name verification against certificates made at test time ({@link io.redstreams.security.TlsIT}),
 * and the password from the environment variable {@code REDSTREAMS_REDIS_PASSWORD}
 * ({@link io.redstreams.security.EnvConfigIT}).
 */
package io.redstreams.security;
