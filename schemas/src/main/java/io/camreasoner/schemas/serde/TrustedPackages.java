package io.camreasoner.schemas.serde;

/**
 * Avro 1.12 refuses to instantiate classes named in schemas outside the packages listed in the
 * system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}; this adds the generated contracts'
 * package, keeping whatever the user configured.
 */
final class TrustedPackages {
  static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  static final String GENERATED = "io.camreasoner.schemas.avro";

  private TrustedPackages() {}

  static synchronized void trustGeneratedClasses() {
    String current = System.getProperty(PROPERTY);
    if (current == null || current.isBlank()) {
      System.setProperty(PROPERTY, GENERATED);
    } else if (!("," + current + ",").contains("," + GENERATED + ",") && !current.equals("*")) {
      System.setProperty(PROPERTY, current + "," + GENERATED);
    }
  }
}
