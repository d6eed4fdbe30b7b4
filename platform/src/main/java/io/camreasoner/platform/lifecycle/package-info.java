/**
 * Service lifecycle: a {@link io.camreasoner.platform.lifecycle.Service} starts and closes; a
 * {@link io.camreasoner.platform.lifecycle.ServiceRunner} starts several in order, closes them in
 * reverse (also when one fails to start, and from a shutdown hook), and lets {@code main} wait on a
 * latch instead of sleeping.
 */
package io.camreasoner.platform.lifecycle;
