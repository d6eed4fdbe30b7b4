package io.camreasoner.schemas.registry.server;

import java.util.ArrayList;
import java.util.List;

/** A store that lives as long as its object: for unit tests and throwaway registries. */
final class InMemorySchemaStore implements SchemaStore {
  private final List<StoreEntry> entries = new ArrayList<>();

  @Override
  public synchronized List<StoreEntry> readAll() {
    return List.copyOf(entries);
  }

  @Override
  public synchronized void append(StoreEntry entry) {
    entries.add(entry);
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {}
}
