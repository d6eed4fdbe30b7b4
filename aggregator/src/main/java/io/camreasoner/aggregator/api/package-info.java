/**
 * The aggregator's HTTP side: the JSON query API over the timelines (with interactive queries
 * forwarded to the instance that owns a stream), server-sent events pushing timeline updates, and
 * the static dashboard. Nothing here folds or decides timelines; that is {@code fold} and {@code
 * topology}.
 */
package io.camreasoner.aggregator.api;
