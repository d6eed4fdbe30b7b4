/**
 * The Kafka side of the worker: {@link io.camreasoner.worker.loop.WorkerService} consumes {@code
 * frame-windows} read-committed, hands each partition to one processing thread (order per
 * partition), pauses partitions whose queue is full, and commits results and offsets in one
 * transaction. {@link io.camreasoner.worker.loop.WindowProcessor} is the per-batch logic (decode,
 * reason, map, dead-letter) and knows no consumer or producer; {@link
 * io.camreasoner.worker.loop.FailurePolicy} is the one place that decides retry, dead-letter or
 * stop. No geometry or model code here.
 */
package io.camreasoner.worker.loop;
