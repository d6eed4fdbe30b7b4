/**
 * Benchmarks behind camreasoner bench, each printing ratios against a baseline measured in the same
 * run.
 */
package io.camreasoner.bench;
