package io.camreasoner.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from key and trust stores on disk, for the registry client ({@code
 * schema.registry.ssl.*}) and the embedded registry's HTTPS listener.
 */
public final class TlsStores {
  private TlsStores() {}

  /**
   * A context trusting the CAs of {@code trustStore} (or the JVM's when null) and presenting the
   * key of {@code keyStore} (none when null).
   *
   * @param type store type, e.g. {@code PKCS12} or {@code JKS}; null for the JVM's default
   * @throws IllegalArgumentException naming the store that cannot be read
   */
  public static SSLContext context(
      Path trustStore,
      String trustPassword,
      String trustType,
      Path keyStore,
      String keyStorePassword,
      String keyStoreType,
      String keyPassword) {
    try {
      TrustManagerFactory trust = null;
      if (trustStore != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore, trustPassword, trustType));
      }
      KeyManagerFactory keys = null;
      if (keyStore != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String password = keyPassword != null ? keyPassword : keyStorePassword;
        keys.init(
            load(keyStore, keyStorePassword, keyStoreType),
            password == null ? new char[0] : password.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** A server context presenting the key of {@code keyStore} (its password also the key's). */
  public static SSLContext server(Path keyStore, String password) {
    return context(null, null, null, keyStore, password, null, password);
  }

  private static KeyStore load(Path file, String password, String type) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
      store.load(in, password == null ? null : password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the store " + file + ": " + e.getMessage(), e);
    }
  }
}
