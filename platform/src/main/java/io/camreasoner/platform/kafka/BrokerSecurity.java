package io.camreasoner.platform.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a secured {@link EmbeddedKafkaBroker} listens: clients and the broker itself over {@code
 * SASL_SSL} with SCRAM-SHA-512, certificates from the given PKCS12 stores, Kafka's {@code
 * StandardAuthorizer} denying whatever no ACL allows, and one administrator, the only super-user a
 * client can be. The controller listener stays plaintext on loopback (KRaft controllers cannot
 * authenticate with SCRAM: their credentials live in the metadata they serve), so its anonymous
 * principal is a super-user too; clients never reach it.
 *
 * @param keyStore PKCS12 store with the broker's key and certificate (valid for 127.0.0.1)
 * @param trustStore PKCS12 store with the CA that signed it, for clients and the broker itself
 * @param storePassword password of both stores and the key
 * @param adminUser the administrator's SCRAM user name (created when the storage is formatted)
 * @param adminPassword the administrator's password
 */
public record BrokerSecurity(
    Path keyStore, Path trustStore, String storePassword, String adminUser, String adminPassword) {

  /** The SASL mechanism of the client listener. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  public BrokerSecurity {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(storePassword, "storePassword");
    requirePlain("admin user", adminUser);
    requirePlain("admin password", adminPassword);
  }

  /**
   * Kafka client properties of a principal over {@code SASL_SSL}: what each service puts in its
   * {@code kafka.config-file} or {@code kafka.client.*} options.
   */
  public Map<String, String> clientProperties(String user, String password) {
    requirePlain("user", user);
    requirePlain("password", password);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", jaas(user, password));
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", trustStore.toString());
    p.put("ssl.truststore.password", storePassword);
    return p;
  }

  /** The administrator's client properties. */
  public Map<String, String> adminProperties() {
    return clientProperties(adminUser, adminPassword);
  }

  /** The broker properties of the secured listener (ports filled in by the broker). */
  Map<String, String> brokerProperties(int port, int controllerPort) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
    p.put("inter.broker.listener.name", "SASL_SSL");
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    p.put(
        "listener.name.sasl_ssl."
            + MECHANISM.toLowerCase(java.util.Locale.ROOT)
            + ".sasl.jaas.config",
        jaas(adminUser, adminPassword));
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.location", keyStore.toString());
    p.put("ssl.keystore.password", storePassword);
    p.put("ssl.key.password", storePassword);
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", trustStore.toString());
    p.put("ssl.truststore.password", storePassword);
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:" + adminUser + ";User:ANONYMOUS");
    p.put("allow.everyone.if.no.acl.found", "false");
    return p;
  }

  /** The storage tool's {@code --add-scram} argument creating the administrator. */
  String formatScram() {
    return MECHANISM + "=[name=" + adminUser + ",password=" + adminPassword + "]";
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  /**
   * Names and passwords go into JAAS and storage-tool syntax unquoted: letters, digits, - and _.
   */
  private static void requirePlain(String what, String value) {
    if (value == null || !value.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          what + " must be letters, digits, '-' or '_' (JAAS and storage-tool syntax)");
    }
  }
}
