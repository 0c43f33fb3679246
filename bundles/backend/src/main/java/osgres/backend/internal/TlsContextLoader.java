package osgres.backend.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CRL;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Settings;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.api.TlsServerContext;

/**
 * Builds the server's TLS context from the settings, in be_tls_init's order: server certificate chain
 * ({@code ssl_cert_file}), key file permissions and the key ({@code ssl_key_file}) and that they match, the
 * protocol range ({@code ssl_min_protocol_version} .. {@code ssl_max_protocol_version}), the cipher list
 * ({@code ssl_ciphers}), the root certificates ({@code ssl_ca_file}) and the CRL ({@code ssl_crl_file}).
 * Relative file names are relative to the data directory, as the postmaster's working directory is.
 * The first problem is thrown as a PgException with PostgreSQL's text and the severity the caller asked for
 * (FATAL at server start, LOG on reload); the file names in messages are the settings as written.
 *
 * <p>Simplifications: {@code ssl_ciphers} is OpenSSL's syntax, which JSSE does not have: OpenSSL's group
 * keywords ({@code HIGH}, {@code MEDIUM}, {@code DEFAULT}, {@code ALL}) select the JDK's default suites, IANA and
 * OpenSSL suite names ({@code TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}, {@code ECDHE-RSA-AES256-GCM-SHA384}) select
 * themselves, and exclusions ({@code !aNULL}) are already the JDK's; TLS 1.3 suites are always on, as with
 * OpenSSL. Protocols below TLSv1.2 are refused by the JDK's own policy. An encrypted key takes its passphrase
 * from {@code ssl_passphrase_command} (never from a terminal). {@code ssl_crl_dir}, {@code ssl_dh_params_file}
 * and {@code ssl_ecdh_curve} are not applied.
 */
final class TlsContextLoader {
    private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final Set<String> CIPHER_GROUPS = Set.of("HIGH", "MEDIUM", "DEFAULT", "ALL", "COMPLEMENTOFDEFAULT");
    private static final char[] NO_PASSWORD = new char[0];
    /** What OpenSSL's PEM_def_callback asks, substituted for {@code %p}. */
    private static final String PASSPHRASE_PROMPT = "Enter PEM pass phrase:";

    private final Settings settings;
    private final Severity severity;

    private TlsContextLoader(Settings settings, Severity severity) {
        this.settings = settings;
        this.severity = severity;
    }

    /** be_tls_init: the context, or a PgException of the given severity describing the first problem. */
    static TlsServerContext load(Settings settings, Severity severity) {
        return new TlsContextLoader(settings, severity).load();
    }

    private TlsServerContext load() {
        String certFile = setting("ssl_cert_file");
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(readFile(certFile));
        } catch (PemFiles.PemException e) {
            throw configError(Messages.tlsCertificateFile(certFile, e.getMessage()));
        }
        String keyFile = setting("ssl_key_file");
        checkKeyFilePermissions(keyFile);
        PrivateKey key;
        boolean[] passphraseRefused = {false};
        PemFiles.Passphrase passphrase = passphrase(passphraseRefused);
        try {
            key = PemFiles.privateKey(readFile(keyFile), passphrase);
        } catch (PemFiles.PemException e) {
            throw configError(passphraseRefused[0] ? Messages.tlsKeyNeedsPassphrase(keyFile)
                    : Messages.tlsKeyFile(keyFile, e.getMessage()));
        }
        if (!keyMatches(key, chain.getFirst())) {
            throw configError(Messages.tlsKeyMismatch("key values mismatch"));
        }
        String min = setting("ssl_min_protocol_version");
        String max = setting("ssl_max_protocol_version");
        int minIndex = PROTOCOLS.indexOf(min);
        int maxIndex = max.isEmpty() ? PROTOCOLS.size() - 1 : PROTOCOLS.indexOf(max);
        if (minIndex < 0) {
            minIndex = 0;
        }
        if (minIndex > maxIndex) {
            throw new PgException(severity, SqlState.INTERNAL_ERROR, Messages.TLS_PROTOCOL_RANGE,
                    Messages.tlsProtocolRangeDetail("ssl_min_protocol_version", "ssl_max_protocol_version"), null, 0);
        }
        List<String> protocols = PROTOCOLS.subList(minIndex, maxIndex + 1);
        String caFile = setting("ssl_ca_file");
        String crlFile = setting("ssl_crl_file");
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, NO_PASSWORD);
            TrustManager[] trustManagers = caFile.isEmpty() ? null : trustManagers(caFile, crlFile);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers, new SecureRandom());
            List<String> suites = cipherSuites(context, setting("ssl_ciphers"));
            return new TlsServerContext(context, List.copyOf(protocols), suites,
                    settings.boolValue("ssl_prefer_server_ciphers"), !caFile.isEmpty(),
                    endPointHash(chain.getFirst()), min, max);
        } catch (GeneralSecurityException | IOException e) {
            throw new PgException(severity, SqlState.INTERNAL_ERROR, Messages.tlsCreateContext("internal error"),
                    null, null, 0);
        }
    }

    /**
     * be_tls_init's choice of password callback: {@code ssl_passphrase_command} at server start, and on reload only
     * with {@code ssl_passphrase_command_supports_reload}; otherwise at reload none, and an encrypted key then
     * "cannot be reloaded" ({@code refused} is set); at start without a command there is no terminal to ask.
     */
    private PemFiles.Passphrase passphrase(boolean[] refused) {
        String command = setting("ssl_passphrase_command");
        boolean start = severity == Severity.FATAL;
        if (!command.isEmpty() && (start || settings.boolValue("ssl_passphrase_command_supports_reload"))) {
            return () -> runPassphraseCommand(command);
        }
        if (start) {
            return PemFiles.Passphrase.NONE;
        }
        return () -> {
            refused[0] = true;
            return null;
        };
    }

    /**
     * run_ssl_passphrase_command: {@code %p} is the prompt, {@code %%} a percent sign; the first line of the
     * command's output, without its line end, is the passphrase. A failure is logged (ERROR at start, which
     * ends the server as FATAL, LOG on reload) and gives no passphrase.
     */
    private char[] runPassphraseCommand(String template) {
        StringBuilder command = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length() && (template.charAt(i + 1) == 'p'
                    || template.charAt(i + 1) == '%')) {
                command.append(template.charAt(++i) == 'p' ? PASSPHRASE_PROMPT : "%");
            } else {
                command.append(c);
            }
        }
        String shown = command.toString();
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", shown)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return commandFailure(Messages.tlsCommandNotExecuted(shown, "No such file or directory"), null);
        }
        String line;
        int exit;
        try {
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = process.waitFor();
            int end = text.indexOf('\n');
            line = (end < 0 ? text : text.substring(0, end + 1)).replaceAll("[\r\n]+$", "");
        } catch (IOException e) {
            return commandFailure(Messages.tlsCommandNotRead(shown, "Input/output error"), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return commandFailure(Messages.tlsCommandFailed(shown), "child process was terminated by signal 15");
        }
        if (exit != 0) {
            return commandFailure(Messages.tlsCommandFailed(shown), exit > 128
                    ? "child process was terminated by signal " + (exit - 128)
                    : "child process exited with exit code " + exit);
        }
        return line.toCharArray();
    }

    /** At start the command's failure ends the server; on reload it is logged and the key gets no passphrase. */
    private char[] commandFailure(String message, String detail) {
        PgException error = new PgException(severity, SqlState.IO_ERROR, message, detail, null, 0);
        if (severity == Severity.FATAL) {
            throw error;
        }
        ServerLog.log(error);
        return null;
    }

    /** The trust anchors of {@code ssl_ca_file}, checked against the CRL of {@code ssl_crl_file} if set. */
    private TrustManager[] trustManagers(String caFile, String crlFile) throws GeneralSecurityException, IOException {
        List<X509Certificate> roots;
        try {
            roots = PemFiles.certificates(readFile(caFile));
        } catch (PemFiles.PemException e) {
            throw configError(Messages.tlsRootCertificateFile(caFile, e.getMessage()));
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
            anchors.setCertificateEntry("ca" + i, roots.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        if (crlFile.isEmpty()) {
            factory.init(anchors);
            return factory.getTrustManagers();
        }
        List<CRL> crls;
        try {
            crls = PemFiles.crls(readFile(crlFile));
        } catch (PemFiles.PemException e) {
            throw configError(Messages.tlsCrlFile(crlFile, e.getMessage()));
        }
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        parameters.setRevocationEnabled(true);
        factory.init(new CertPathTrustManagerParameters(parameters));
        return factory.getTrustManagers();
    }

    /** The suites {@code ssl_ciphers} selects for TLS 1.2 and below, then every default TLS 1.3 suite. */
    private List<String> cipherSuites(SSLContext context, String ciphers) {
        List<String> defaults = Arrays.asList(context.getDefaultSSLParameters().getCipherSuites());
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        Set<String> chosen = new LinkedHashSet<>();
        for (String token : ciphers.split("[:, ]+")) {
            if (token.isEmpty() || token.startsWith("!") || token.startsWith("-") || token.startsWith("+")) {
                continue;
            }
            if (CIPHER_GROUPS.contains(token.toUpperCase(Locale.ROOT))) {
                defaults.stream().filter(s -> !isTls13Suite(s)).forEach(chosen::add);
            } else {
                for (String suite : supported) {
                    if (!isTls13Suite(suite) && (suite.equals(token) || TlsCipherNames.openSsl(suite).equals(token))) {
                        chosen.add(suite);
                    }
                }
            }
        }
        if (chosen.isEmpty()) {
            throw configError(Messages.TLS_NO_VALID_CIPHERS);
        }
        List<String> suites = new ArrayList<>(chosen);
        defaults.stream().filter(TlsContextLoader::isTls13Suite).forEach(suites::add);
        return List.copyOf(suites);
    }

    private static boolean isTls13Suite(String suite) {
        return suite.equals("TLS_AES_128_GCM_SHA256") || suite.equals("TLS_AES_256_GCM_SHA384")
                || suite.equals("TLS_CHACHA20_POLY1305_SHA256");
    }

    /**
     * RFC 5929 tls-server-end-point (be_tls_get_certificate_hash): the certificate's DER hashed with its
     * signature's hash, SHA-256 when that is MD5 or SHA-1; null when the signature names no hash (EdDSA, PSS).
     */
    static byte[] endPointHash(X509Certificate certificate) {
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        int with = algorithm.indexOf("WITH");
        if (with <= 0) {
            return null;
        }
        String hash = switch (algorithm.substring(0, with)) {
            case "MD5", "SHA1", "SHA256" -> "SHA-256";
            case "SHA224" -> "SHA-224";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            default -> null;
        };
        if (hash == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(hash).digest(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** SSL_CTX_check_private_key: the key signs what the certificate's public key verifies. */
    private static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "osgres key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * check_ssl_key_file_permissions: a regular file owned by the server's user (mode at most 0600) or by root
     * (at most 0640). The server's user is the data directory's owner, which the postmaster has checked.
     */
    private void checkKeyFilePermissions(String keyFile) {
        Path path = resolve(keyFile);
        try {
            if (!Files.isRegularFile(path)) {
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(keyFile);
                }
                throw configError(Messages.tlsKeyNotRegular(keyFile));
            }
            int owner = (Integer) Files.getAttribute(path, "unix:uid");
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            int self = (Integer) Files.getAttribute(settings.dataDirectory(), "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != self && owner != 0) {
                throw configError(Messages.tlsKeyOwner(keyFile));
            }
            if ((owner == self && (mode & 0077) != 0) || (owner == 0 && (mode & 0037) != 0)) {
                throw new PgException(severity, SqlState.CONFIG_FILE_ERROR, Messages.tlsKeyAccess(keyFile),
                        Messages.TLS_KEY_ACCESS_DETAIL, null, 0);
            }
        } catch (IOException | UnsupportedOperationException e) {
            String reason = e instanceof NoSuchFileException ? "No such file or directory"
                    : e instanceof AccessDeniedException ? "Permission denied" : "Input/output error";
            throw new PgException(severity, e instanceof NoSuchFileException ? SqlState.UNDEFINED_FILE
                    : SqlState.INSUFFICIENT_PRIVILEGE, Messages.tlsKeyAccessFailed(keyFile, reason), null, null, 0);
        }
    }

    /** The file's text; an unreadable file is reported as OpenSSL's system error text. */
    private String readFile(String name) throws PemFiles.PemException {
        try {
            return Files.readString(resolve(name), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new PemFiles.PemException("No such file or directory");
        } catch (AccessDeniedException e) {
            throw new PemFiles.PemException("Permission denied");
        } catch (IOException e) {
            throw new PemFiles.PemException(Files.isDirectory(resolve(name)) ? "Is a directory"
                    : "Input/output error");
        }
    }

    private Path resolve(String name) {
        return settings.dataDirectory().resolve(name);
    }

    private String setting(String name) {
        return settings.value(name).orElse("");
    }

    private PgException configError(String message) {
        return new PgException(severity, SqlState.CONFIG_FILE_ERROR, message, null, null, 0);
    }
}
