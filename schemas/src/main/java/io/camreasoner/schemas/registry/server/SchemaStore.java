package io.camreasoner.schemas.registry.server;

import java.util.List;

/** Where the embedded registry keeps its facts: read all at start, append each new one durably. */
interface SchemaStore extends AutoCloseable {

  /** Every entry written so far, in write order. */
  List<StoreEntry> readAll();

  /** Writes an entry durably; returns only once it would survive a restart. */
  void append(StoreEntry entry);

  /** Where the entries live, for logs. */
  String describe();

  @Override
  void close();
}
