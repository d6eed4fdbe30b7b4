/**
 * Test fixtures shared through ingest's test-jar: every kind of bad media ingest must report with
 * one clear line ({@code BadMedia}), damaged archives made by corrupting real encoded bytes ({@code
 * DamagedMedia}), and live feeds (an HLS programme written in real time, a directory served over
 * loopback HTTP by a server that can refuse connections), all made on the fly (no committed media).
 */
package io.camreasoner.ingest.testing;
