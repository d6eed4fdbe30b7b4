/**
 * Contracts shared by every service: the label vocabulary, the one registry of topics and the shape
 * of a dead-letter record (envelope and headers). Avro classes are generated into {@code
 * io.camreasoner.schemas.avro}.
 */
package io.camreasoner.schemas;
