package io.camreasoner.schemas.registry.server;

import io.camreasoner.schemas.registry.CompatibilityLevel;
import io.camreasoner.schemas.registry.RegisteredSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParseException;

/**
 * The registry's index of subjects, versions, ids and compatibility levels, rebuilt from the store
 * at start and kept in step with it: every change is written to the store first and applied only
 * once durable. Thread-safe (one lock: registrations are rare).
 */
final class RegistryState {
  private final SchemaStore store;
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySchemaText = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int maxId;

  RegistryState(SchemaStore store) {
    this.store = store;
    for (StoreEntry entry : store.readAll()) {
      apply(entry);
    }
  }

  synchronized int schemaCount() {
    return schemasById.size();
  }

  synchronized RegisteredSchema register(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
    String text = schema.toString();
    for (RegisteredSchema existing : versions) {
      if (existing.schema().toString().equals(text)) {
        return existing;
      }
    }
    List<String> problems = incompatibilities(subject, schema);
    if (!problems.isEmpty()) {
      throw new RegistryError(
          409,
          409,
          "Schema being registered is incompatible with an earlier schema for subject '"
              + subject
              + "' ("
              + level(subject)
              + "): "
              + String.join("; ", problems));
    }
    int id = idsBySchemaText.getOrDefault(text, maxId + 1);
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    StoreEntry.SchemaVersion entry = new StoreEntry.SchemaVersion(subject, version, id, text);
    store.append(entry);
    apply(entry);
    return latest(subject);
  }

  synchronized RegisteredSchema lookup(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      throw RegistryError.subjectNotFound(subject);
    }
    String text = schema.toString();
    return versions.stream()
        .filter(v -> v.schema().toString().equals(text))
        .findFirst()
        .orElseThrow(() -> RegistryError.schemaNotFound("under subject '" + subject + "'"));
  }

  synchronized Schema byId(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw RegistryError.schemaNotFound("with id " + id);
    }
    return schema;
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  synchronized List<Integer> versions(String subject) {
    return versionsOf(subject).stream().map(RegisteredSchema::version).toList();
  }

  synchronized RegisteredSchema version(String subject, String version) {
    List<RegisteredSchema> versions = versionsOf(subject);
    if ("latest".equals(version) || "-1".equals(version)) {
      return versions.get(versions.size() - 1);
    }
    int wanted;
    try {
      wanted = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new RegistryError(
          422, 42202, "The specified version '" + version + "' is not a valid version id.");
    }
    return versions.stream()
        .filter(v -> v.version() == wanted)
        .findFirst()
        .orElseThrow(() -> RegistryError.versionNotFound(subject, version));
  }

  synchronized RegisteredSchema latest(String subject) {
    return version(subject, "latest");
  }

  /** Compatibility problems of a candidate against the subject's versions (empty = compatible). */
  synchronized List<String> incompatibilities(String subject, Schema candidate) {
    List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
    if (versions.isEmpty()) {
      return List.of();
    }
    CompatibilityLevel level = level(subject);
    List<RegisteredSchema> against =
        level.isTransitive() ? versions : List.of(versions.get(versions.size() - 1));
    List<String> problems = new ArrayList<>();
    for (RegisteredSchema old : against) {
      if (level.checksBackward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
            "new schema cannot read version " + old.version(),
            problems);
      }
      if (level.checksForward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
            "version " + old.version() + " cannot read the new schema",
            problems);
      }
    }
    return problems;
  }

  synchronized CompatibilityLevel level(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  synchronized CompatibilityLevel subjectLevel(String subject) {
    return subjectLevels.get(subject);
  }

  synchronized CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  synchronized void setLevel(String subject, CompatibilityLevel level) {
    StoreEntry.Config entry = new StoreEntry.Config(subject, level.name());
    store.append(entry);
    apply(entry);
  }

  Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw new RegistryError(422, 42201, "Empty schema");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | NullPointerException e) {
      throw new RegistryError(422, 42201, "Invalid schema: " + e.getMessage());
    }
  }

  private List<RegisteredSchema> versionsOf(String subject) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    return versions;
  }

  private static void describe(
      SchemaCompatibility.SchemaPairCompatibility result, String what, List<String> problems) {
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      List<String> details = new ArrayList<>();
      result
          .getResult()
          .getIncompatibilities()
          .forEach(i -> details.add(i.getType() + " at " + i.getLocation() + " " + i.getMessage()));
      problems.add(what + " (" + String.join(", ", details) + ")");
    }
  }

  private void apply(StoreEntry entry) {
    if (entry instanceof StoreEntry.SchemaVersion v) {
      Schema schema =
          schemasById.computeIfAbsent(v.id(), i -> new Schema.Parser().parse(v.schema()));
      idsBySchemaText.putIfAbsent(schema.toString(), v.id());
      maxId = Math.max(maxId, v.id());
      List<RegisteredSchema> versions =
          subjects.computeIfAbsent(v.subject(), s -> new ArrayList<>());
      versions.removeIf(existing -> existing.version() == v.version());
      versions.add(new RegisteredSchema(v.subject(), v.version(), v.id(), schema));
      versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
    } else if (entry instanceof StoreEntry.Config c) {
      CompatibilityLevel level = CompatibilityLevel.parse(c.level());
      if (c.subject() == null) {
        globalLevel = level;
      } else {
        subjectLevels.put(c.subject(), level);
      }
    }
  }
}
