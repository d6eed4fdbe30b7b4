/**
 * Transition detection at the full frame rate on tiny thumbnails, before any sampling: hard cuts (a
 * motion-compensated structural distance between consecutive frames against an adaptive threshold,
 * with an isolated-peak test for cuts between similar shots and a look-ahead that recognises
 * flashes), dissolves (runs of frames that cross-fade two shots) and fades to and from black (luma
 * ramps). Pure computation over small arrays; no decoding, no Kafka.
 */
package io.camreasoner.ingest.cuts;
