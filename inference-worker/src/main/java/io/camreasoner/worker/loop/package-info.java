/**
 * The Kafka side of the worker: {@link io.camreasoner.worker.loop.WorkerService} consumes {@code
 * frame-windows} read-committed into one work queue that every processing thread takes from
 * (whatever the partition, so even one stream keeps every thread busy), pauses partitions whose
 * queue is full, and commits results and offsets in one transaction, per partition only the prefix
 * of offsets whose windows are all finished (a reorder buffer keeps events and commits in offset
 * order). {@link io.camreasoner.worker.loop.WindowProcessor} is the per-batch logic (decode,
 * reason, map, dead-letter) and knows no consumer or producer; {@link
 * io.camreasoner.worker.loop.FailurePolicy} is the one place that decides retry, dead-letter or
 * stop. No geometry or model code here.
 */
package io.camreasoner.worker.loop;
