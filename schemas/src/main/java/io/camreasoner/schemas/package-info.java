/**
 * Contracts shared by every service: the label vocabulary and the one registry of topics. Avro
 * classes are generated into {@code io.camreasoner.schemas.avro}.
 */
package io.camreasoner.schemas;
