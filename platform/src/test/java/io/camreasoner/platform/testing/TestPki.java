package io.camreasoner.platform.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made inside the test, never committed: a CA, a server key and certificate
 * it signed for {@code 127.0.0.1} and {@code localhost}, in PKCS12 stores with one random password,
 * made with the JDK's own {@code keytool}. Valid for two days.
 *
 * @param keyStore the server's key and certificate chain (for the broker and HTTPS servers)
 * @param trustStore the CA alone (for clients)
 * @param caPem the CA certificate in PEM (for clients that take PEM)
 * @param password password of both stores and the key
 */
public record TestPki(Path keyStore, Path trustStore, Path caPem, String password) {

  /** Creates the CA and the server certificate under {@code dir}. */
  public static TestPki create(Path dir) throws IOException, InterruptedException {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path ca = dir.resolve("ca.p12");
    Path caPem = dir.resolve("ca.pem");
    Path server = dir.resolve("server.p12");
    Path csr = dir.resolve("server.csr");
    Path signed = dir.resolve("server.pem");
    Path trust = dir.resolve("truststore.p12");
    String p = password;
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=camreasoner-test-ca",
        "-ext",
        "bc:c",
        "-keystore",
        ca.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        p);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        p,
        "-file",
        caPem.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-keystore",
        server.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        p);
    keytool(
        "-certreq",
        "-alias",
        "server",
        "-keystore",
        server.toString(),
        "-storepass",
        p,
        "-file",
        csr.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        p,
        "-infile",
        csr.toString(),
        "-outfile",
        signed.toString(),
        "-validity",
        "2",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-ext",
        "KU=digitalSignature,keyEncipherment",
        "-ext",
        "EKU=serverAuth,clientAuth");
    importCert("ca", caPem, server, p);
    importCert("server", signed, server, p); // the reply to the key's own request: no prompt
    importCert("ca", caPem, trust, p);
    return new TestPki(server, trust, caPem, password);
  }

  /**
   * Imports a certificate into a PKCS12 store (created when missing) without asking whether to
   * trust it: the CA is trusted by construction, a signed reply needs no question.
   */
  private static void importCert(String alias, Path cert, Path store, String storePass)
      throws IOException, InterruptedException {
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        cert.toString(),
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        storePass);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
