package dev.sessionkeeper.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost,
 * made with the {@code openssl} command, so that a test can run Redis over TLS and a client can
 * verify it against the CA. Keys never leave the server's temporary data dir.
 */
final class TlsMaterial {

    final Path caCertificate;
    final Path serverCertificate;
    final Path serverKey;

    private TlsMaterial(Path dir) {
        this.caCertificate = dir.resolve("ca.crt");
        this.serverCertificate = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
    }

    static TlsMaterial createIn(Path dir) {
        TlsMaterial m = new TlsMaterial(dir);
        if (Files.exists(m.serverCertificate)) {
            return m;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=sessionkeeper test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server.key", "-out", "server.csr");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        return m;
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + args[0] + " failed; see " + dir.resolve("openssl.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("TLS test servers need the openssl command on the PATH"
                    + " (Debian: apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making test certificates", e);
        }
    }
}
