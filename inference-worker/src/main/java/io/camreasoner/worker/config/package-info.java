/**
 * The worker's configuration, declared once: {@link io.camreasoner.worker.config.WorkerOption}
 * names every option with its default and description (the README table is generated from it and
 * checked by a test); {@link io.camreasoner.worker.config.WorkerConfig} parses and validates a set
 * of values into the settings records of the loop and the backends, naming the bad option in its
 * error.
 */
package io.camreasoner.worker.config;
