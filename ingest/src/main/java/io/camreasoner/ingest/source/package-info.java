/**
 * What to ingest: inputs as the user names them (files, directories, live URLs) expanded into
 * sources with stable stream ids, and the reconnect budget a live source is followed with. No
 * decoding and no Kafka here.
 */
package io.camreasoner.ingest.source;
