package io.camreasoner.worker.loop;

import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.backend.BackendFactory;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference worker: a member of the {@code worker.group-id} consumer group over frame-windows
 * that writes one motion event (or dead letter) per window, exactly once.
 *
 * <p>Threads: one poll thread owns the consumer and the transactional producer; {@code
 * worker.threads} processing threads each own one backend and take the next windows from one shared
 * queue, whatever their partition: windows are independent, so even a single stream (one partition)
 * keeps every thread busy. A partition with {@code worker.queue.capacity} windows waiting is paused
 * and resumed once half drained, so polling goes on (and {@code max.poll.interval.ms} is never
 * reached) however slow inference is.
 *
 * <p>Exactly-once: after each poll the poll thread takes the finished results, and in one
 * transaction sends them and commits, through {@code sendOffsetsToTransaction} with the group's
 * metadata, the offsets after the last window of each partition's finished prefix: results that
 * finish ahead of an earlier window wait in a per-partition reorder buffer, so events leave in
 * offset order and the committed offsets always cover exactly the windows whose output is in the
 * transaction. Downstream consumers read {@code read_committed}. On a revoked partition the
 * finished results are committed first and the rest is dropped (the new owner reprocesses it); on a
 * failed transaction the worker aborts and rewinds to the committed offsets; a fenced producer
 * stops the worker. The transactional id is stable per instance, so a restarted instance aborts
 * whatever its previous incarnation left open.
 */
public final class WorkerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

  private final WorkerSettings settings;
  private final BackendFactory backends;
  private final Deserializer<FrameWindow> windowDeserializer;
  private final Serializer<MotionEvent> eventSerializer;
  private final Serializer<DeadLetter> deadLetterSerializer;
  private final WorkerMetrics metrics;
  private final FailurePolicy policy;
  private final Map<String, ?> clientOverrides;

  /** Windows per backend call: the backend's preference, capped by worker.batch.max-size. */
  private final int batchSize;

  private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();

  /** Source of partition generations, unique over the service's life (never reused). */
  private final AtomicInteger generations = new AtomicInteger();

  private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
  private final List<ProcessingThread> workers = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;
  private volatile boolean assignedOnce;
  private volatile boolean abandonInFlight;
  private Thread pollThread;
  private KafkaConsumer<byte[], byte[]> consumer;
  private KafkaProducer<byte[], byte[]> producer;

  /**
   * @param clientOverrides extra Kafka client properties applied to both consumer and producer
   *     (security, sizes); the worker's own settings win for what exactly-once needs
   */
  public WorkerService(
      WorkerSettings settings,
      BackendFactory backends,
      Deserializer<FrameWindow> windowDeserializer,
      Serializer<MotionEvent> eventSerializer,
      Serializer<DeadLetter> deadLetterSerializer,
      MeterRegistry registry,
      Map<String, ?> clientOverrides) {
    this.settings = settings;
    this.backends = backends;
    this.windowDeserializer = windowDeserializer;
    this.eventSerializer = eventSerializer;
    this.deadLetterSerializer = deadLetterSerializer;
    this.metrics = new WorkerMetrics(registry, backends.name());
    this.policy = new FailurePolicy(settings.maxRetries(), settings.retryBackoff());
    this.clientOverrides = Map.copyOf(clientOverrides);
    this.batchSize = Math.max(1, Math.min(settings.maxBatch(), backends.preferredBatchSize()));
  }

  /** Per-partition bookkeeping, shared by the poll thread and the processing threads. */
  private final class PartitionState {
    final AtomicInteger generation = new AtomicInteger(generations.incrementAndGet());
    final AtomicInteger queued = new AtomicInteger();
    volatile boolean paused;

    /** Offsets handed to processing and not yet committed, in offset order (poll thread only). */
    final ArrayDeque<Long> inFlight = new ArrayDeque<>();

    /** Results that finished ahead of an earlier offset of the partition (poll thread only). */
    final Map<Long, Finished> ahead = new HashMap<>();

    void reset() {
      queued.set(0);
      inFlight.clear();
      ahead.clear();
    }
  }

  /** Every processing thread takes its next windows from here, whatever their partition. */
  private final BlockingQueue<Queued> work = new LinkedBlockingQueue<>();

  /** A record queued for processing, stamped with its partition's generation. */
  private record Queued(ConsumerRecord<byte[], byte[]> record, TopicPartition tp, int generation) {}

  /** Results of one processed record. */
  private record Finished(
      TopicPartition tp, int generation, long offset, WindowProcessor.Output output) {}

  /** Starts the poll thread and the processing threads; returns at once. */
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException("worker already started");
    }
    consumer = new KafkaConsumer<>(consumerProps());
    try {
      producer = new KafkaProducer<>(producerProps());
      producer.initTransactions();
    } catch (RuntimeException e) {
      closeClients();
      throw new IllegalStateException(
          "worker "
              + settings.instanceId()
              + " cannot start its transactional producer "
              + settings.transactionalId()
              + " on "
              + settings.bootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    }
    DeadLetterRecords dlq =
        new DeadLetterRecords(settings.dlqTopic(), settings.serviceName(), deadLetterSerializer);
    for (int i = 0; i < settings.threads(); i++) {
      ReasonerBackend backend = backends.create();
      WindowProcessor processor =
          new WindowProcessor(
              backend,
              backends.resultSettings(),
              windowDeserializer,
              eventSerializer,
              dlq,
              settings.outputTopic(),
              policy,
              metrics,
              Clock.systemUTC());
      workers.add(new ProcessingThread(i, backend, processor));
    }
    running = true;
    workers.forEach(Thread::start);
    pollThread = new Thread(this::pollLoop, "worker-poll-" + settings.instanceId());
    pollThread.start();
    LOG.info(
        "worker {} started: producer {}, {} threads, batches of up to {}, transactional id {}",
        settings.instanceId(),
        workers.get(0).processor.producer(),
        settings.threads(),
        batchSize,
        settings.transactionalId());
  }

  /**
   * The producer identity its events carry (backend, model version, settings digest); known once
   * started.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public String producer() {
    if (workers.isEmpty()) {
      throw new IllegalStateException("the worker has not started");
    }
    return workers.get(0).processor.producer();
  }

  /** True while running without failure; false once stopped or failed. */
  public boolean healthy() {
    return running && failure.get() == null;
  }

  /** True once the consumer has had partitions assigned at least once. */
  public boolean assigned() {
    return assignedOnce;
  }

  /** The failure that stopped the worker, if any. */
  public Throwable failure() {
    return failure.get();
  }

  /** Waits until the worker has stopped (after {@link #close()} or a fatal failure). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Map<String, Object> consumerProps() {
    Map<String, Object> p = new HashMap<>(clientOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
    // Static membership: a restarted instance (same instance id) takes its partitions back at
    // once instead of waiting for the killed one's session to time out; close() leaves explicitly.
    p.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.transactionalId());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(8, settings.queueCapacity()));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  private Map<String, Object> producerProps() {
    Map<String, Object> p = new HashMap<>(clientOverrides);
    p.keySet()
        .removeIf(
            k ->
                ConsumerConfig.configNames().contains(k)
                    && !ProducerConfig.configNames().contains(k));
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  // ---------------------------------------------------------------- poll thread

  private void pollLoop() {
    try {
      consumer.subscribe(List.of(settings.inputTopic()), new Rebalance());
      long nextLagUpdate = 0;
      while (running && failure.get() == null) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          enqueue(r);
        }
        commitFinished();
        resumeDrained();
        if (System.currentTimeMillis() >= nextLagUpdate) {
          updateLag();
          nextLagUpdate = System.currentTimeMillis() + 1000;
        }
      }
      shutdownGracefully();
    } catch (WakeupException e) {
      // close() woke a blocking consumer call other than poll: still a requested stop
      shutdownGracefully();
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      LOG.error("worker {} stopped: {}", settings.instanceId(), t.toString());
      abortQuietly();
    } finally {
      running = false;
      stopWorkers();
      closeClients();
      stopped.countDown();
    }
  }

  private void enqueue(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    PartitionState s = partitions.computeIfAbsent(tp, k -> new PartitionState());
    int queued = s.queued.incrementAndGet();
    s.inFlight.addLast(r.offset());
    work.add(new Queued(r, tp, s.generation.get()));
    if (queued >= settings.queueCapacity() && !s.paused) {
      consumer.pause(List.of(tp));
      s.paused = true;
      metrics.pause();
    }
  }

  private void resumeDrained() {
    List<TopicPartition> resume = new ArrayList<>();
    long total = 0;
    long pausedNow = 0;
    for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
      PartitionState s = e.getValue();
      total += s.queued.get();
      pausedNow += s.paused ? 1 : 0;
      if (s.paused && s.queued.get() <= settings.queueCapacity() / 2) {
        resume.add(e.getKey());
        s.paused = false;
      }
    }
    resume.retainAll(consumer.assignment());
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
    metrics.queued(total);
    metrics.paused(pausedNow - resume.size());
  }

  private void updateLag() {
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong l = consumer.currentLag(tp);
      if (l.isPresent()) {
        lag += l.getAsLong();
      }
    }
    metrics.lag(lag);
  }

  /**
   * Sends every finished result of a current generation and commits their offsets, all in one
   * transaction. Aborts and rewinds on a non-fatal failure; rethrows a fatal one.
   */
  private void commitFinished() {
    for (Finished f; (f = finished.poll()) != null; ) {
      PartitionState s = partitions.get(f.tp());
      if (s != null && s.generation.get() == f.generation()) {
        s.ahead.put(f.offset(), f);
      }
    }
    // windows of a partition finish in any order (several threads take them); what goes out is
    // each partition's finished prefix, in offset order, so events keep their order and the
    // committed offset never passes a window still in flight
    List<Finished> batch = new ArrayList<>();
    for (PartitionState s : partitions.values()) {
      while (!s.inFlight.isEmpty() && s.ahead.containsKey(s.inFlight.peekFirst())) {
        batch.add(s.ahead.remove(s.inFlight.pollFirst()));
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    try {
      producer.beginTransaction();
      for (Finished f : batch) {
        f.output().records().forEach(producer::send);
        offsets.put(f.tp(), new OffsetAndMetadata(f.offset() + 1));
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (KafkaException e) {
      if (policy.isFatal(e)) {
        throw e;
      }
      LOG.warn(
          "transaction of {} results failed, aborting and rewinding: {}",
          batch.size(),
          e.toString());
      producer.abortTransaction();
      rewind(consumer.assignment());
    }
  }

  /** Drops queued and in-flight work of the partitions and seeks them back to committed offsets. */
  private void rewind(Set<TopicPartition> tps) {
    for (TopicPartition tp : tps) {
      invalidate(tp);
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(tps);
    Set<TopicPartition> toBeginning = new HashSet<>();
    for (TopicPartition tp : tps) {
      OffsetAndMetadata o = committed.get(tp);
      if (o == null) {
        toBeginning.add(tp);
      } else {
        consumer.seek(tp, o.offset());
      }
    }
    if (!toBeginning.isEmpty()) {
      consumer.seekToBeginning(toBeginning);
    }
  }

  /** Makes everything queued or in flight for a partition stale; resets its queue count. */
  private void invalidate(TopicPartition tp) {
    PartitionState s = partitions.get(tp);
    if (s != null) {
      s.generation.set(generations.incrementAndGet());
      s.reset();
      if (s.paused && consumer.assignment().contains(tp)) {
        consumer.resume(List.of(tp));
      }
      s.paused = false;
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.isEmpty()) {
        return;
      }
      // commit what is finished while we still own the partitions, drop the rest; not when
      // closing (already committed) or after a failure (the producer may be unusable)
      if (running && failure.get() == null) {
        commitFinished();
      }
      revoked.forEach(WorkerService.this::invalidate);
      revoked.forEach(partitions::remove);
      LOG.info("worker {} revoked {}", settings.instanceId(), revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      lost.forEach(WorkerService.this::invalidate);
      lost.forEach(partitions::remove);
      LOG.warn("worker {} lost {}", settings.instanceId(), lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      for (TopicPartition tp : assigned) {
        partitions.computeIfAbsent(tp, k -> new PartitionState());
      }
      assignedOnce = true;
      LOG.info("worker {} assigned {}", settings.instanceId(), assigned);
    }
  }

  /**
   * Makes the coming {@link #close()} stop without waiting for the batches in flight: their windows
   * stay uncommitted, for the partitions' next owner or a resumed run to reason about again. For a
   * caller whose run already ended because that work did not move (a stalled backend), where the
   * shutdown timeout would only add its full length to the exit.
   */
  public void abandonInFlight() {
    abandonInFlight = true;
  }

  /**
   * Finishes in-flight batches (up to the shutdown timeout, none once {@link #abandonInFlight()})
   * and commits their results.
   */
  private void shutdownGracefully() {
    long deadline =
        System.nanoTime() + (abandonInFlight ? 0 : settings.shutdownTimeout().toNanos());
    work.clear(); // windows not started are left to the next owner
    partitions.values().forEach(s -> s.queued.set(0));
    for (ProcessingThread w : workers) {
      w.finishAndStop();
    }
    for (ProcessingThread w : workers) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        w.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean allDone = workers.stream().noneMatch(Thread::isAlive);
    if (allDone && failure.get() == null) {
      commitFinished();
      LOG.info("worker {} finished its open work and committed", settings.instanceId());
    } else {
      LOG.warn(
          "worker {} shut down with work in flight{}: nothing more committed",
          settings.instanceId(),
          abandonInFlight ? " (abandoned: the run that used it has ended)" : "");
    }
  }

  private void stopWorkers() {
    for (ProcessingThread w : workers) {
      w.finishAndStop();
      w.interrupt();
    }
  }

  private void abortQuietly() {
    try {
      if (producer != null) {
        producer.abortTransaction();
      }
    } catch (RuntimeException e) {
      LOG.debug("abort after failure did not complete: {}", e.toString());
    }
  }

  private void closeClients() {
    try {
      if (consumer != null) {
        consumer.close(
            CloseOptions.timeout(Duration.ofSeconds(5))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      }
    } catch (RuntimeException e) {
      LOG.warn("closing the consumer failed: {}", e.toString());
    }
    try {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
    } catch (RuntimeException e) {
      LOG.warn("closing the producer failed: {}", e.toString());
    }
    for (ProcessingThread w : workers) {
      try {
        w.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      w.backend.close();
    }
  }

  /** Stops consuming, finishes or aborts the open work, closes the clients and the backends. */
  @Override
  public void close() {
    synchronized (this) {
      if (pollThread == null) {
        return;
      }
      running = false;
    }
    consumer.wakeup();
    try {
      if (!stopped.await(settings.shutdownTimeout().toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("worker {} did not stop in time", settings.instanceId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- processing threads

  private final class ProcessingThread extends Thread {
    final BlockingQueue<Queued> queue = work;
    final ReasonerBackend backend;
    final WindowProcessor processor;
    private volatile boolean stopping;

    ProcessingThread(int index, ReasonerBackend backend, WindowProcessor processor) {
      super("worker-reason-" + settings.instanceId() + "-" + index);
      setDaemon(true);
      this.backend = backend;
      this.processor = processor;
    }

    void finishAndStop() {
      stopping = true;
    }

    @Override
    public void run() {
      try {
        while (!stopping) {
          List<Queued> batch = nextBatch();
          if (batch.isEmpty()) {
            continue;
          }
          List<WindowProcessor.Output> outputs =
              processor.process(batch.stream().map(Queued::record).toList());
          for (int i = 0; i < batch.size(); i++) {
            Queued q = batch.get(i);
            finished.add(new Finished(q.tp(), q.generation(), q.record().offset(), outputs.get(i)));
            PartitionState s = partitions.get(q.tp());
            if (s != null && s.generation.get() == q.generation()) {
              s.queued.decrementAndGet();
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        LOG.error("processing thread {} failed: {}", getName(), t.toString());
        failure.compareAndSet(null, t);
      }
    }

    /**
     * Up to the batch size of current records: waits for one, then up to max-batch-wait for more
     * (not at all for backends that take one window at a time).
     */
    private List<Queued> nextBatch() throws InterruptedException {
      List<Queued> batch = new ArrayList<>();
      Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
      if (first == null) {
        return batch;
      }
      addIfCurrent(batch, first);
      long deadline = System.nanoTime() + settings.maxBatchWait().toNanos();
      while (batch.size() < batchSize) {
        long left = deadline - System.nanoTime();
        Queued next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
        if (next == null) {
          break;
        }
        addIfCurrent(batch, next);
      }
      return batch;
    }

    private void addIfCurrent(List<Queued> batch, Queued q) {
      PartitionState s = partitions.get(q.tp());
      if (s != null && s.generation.get() == q.generation()) {
        batch.add(q);
      }
    }
  }
}
