package io.camreasoner.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The calls of the Confluent Schema Registry REST API this project uses. Implementations cache what
 * cannot change (ids and schemas) and are thread-safe. Every failure is a {@link
 * SchemaRegistryException} naming the subject and the registry's reason.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers a schema under a subject (or finds it already there) and returns its global id. */
  int register(String subject, Schema schema);

  /** Finds a schema already registered under a subject; NotFound if it is not. */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema with a global id; NotFound if there is none. */
  Schema getById(int id);

  /** The latest version of a subject; NotFound if the subject does not exist. */
  RegisteredSchema latest(String subject);

  /** One version of a subject; NotFound if the subject or version does not exist. */
  RegisteredSchema version(String subject, int version);

  /** All subjects, sorted. */
  List<String> subjects();

  /** True if the schema may be registered under the subject by its compatibility rule. */
  boolean isCompatible(String subject, Schema schema);

  /** The registry-wide default compatibility level. */
  CompatibilityLevel globalCompatibility();

  /** Sets the registry-wide default compatibility level. */
  void setGlobalCompatibility(CompatibilityLevel level);

  /** The level in force for a subject: its own if set, else the registry-wide one. */
  CompatibilityLevel compatibility(String subject);

  /** Sets a subject's own compatibility level. */
  void setCompatibility(String subject, CompatibilityLevel level);

  @Override
  void close();
}
