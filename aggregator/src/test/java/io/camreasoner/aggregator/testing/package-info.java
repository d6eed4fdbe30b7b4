/** Test fixtures of the aggregator: motion events built in code, serdes for tests. */
package io.camreasoner.aggregator.testing;
