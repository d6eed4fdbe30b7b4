/**
 * The worker's configuration as a value: {@link io.camreasoner.worker.config.WorkerConfig} is what
 * the options {@link io.camreasoner.worker.InferenceWorkerSettings} declares parse into, once (the
 * settings of the loop, the backends, the Kafka clients and the serdes); {@link
 * io.camreasoner.worker.config.BackendFactories} makes the backend it names.
 */
package io.camreasoner.worker.config;
