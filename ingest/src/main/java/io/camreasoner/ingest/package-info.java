/** The ingest service: video sources in, frame-window messages out. */
package io.camreasoner.ingest;
