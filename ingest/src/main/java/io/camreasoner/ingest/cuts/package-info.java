/**
 * Hard-cut detection at the full frame rate on tiny thumbnails, before any sampling:
 * colour-histogram distance between consecutive frames against an adaptive threshold, with a
 * look-ahead that recognises flashes. Pure computation over small arrays; no decoding, no Kafka.
 */
package io.camreasoner.ingest.cuts;
