/**
 * Test fixtures shared through ingest's test-jar: every kind of bad media ingest must report with
 * one clear line ({@code BadMedia}), and damaged archives made by corrupting real encoded bytes
 * ({@code DamagedMedia}), all written on the fly (no committed media).
 */
package io.camreasoner.ingest.testing;
