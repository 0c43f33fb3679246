package osgres.api;

import java.util.Optional;

/**
 * The server's TLS state (be-secure.c secure_initialize / be-secure-openssl.c be_tls_init), implemented by
 * osgres.backend. Loaded from {@code ssl_cert_file}, {@code ssl_key_file}, {@code ssl_ca_file},
 * {@code ssl_crl_file} and the protocol and cipher settings when the component starts (a bad file with
 * {@code ssl = on} is FATAL and the server exits), and again on every reload: a bad file then logs
 * {@code SSL configuration was not reloaded} and the previous context stays in use. New connections take
 * whatever {@link #current()} holds when they send their SSLRequest; running sessions keep theirs.
 */
public interface ServerTls {

    /** The context for a new connection; empty when {@code ssl = off}. */
    Optional<TlsServerContext> current();

    /** SIGHUP, on the postmaster's thread after {@link Settings#reload()}: re-reads the files. */
    void reload();
}
