package io.camreasoner.aggregator.api;

import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.aggregator.fold.ShotState;
import io.camreasoner.aggregator.fold.TimelineFold;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.aggregator.fold.WindowRecord;
import io.camreasoner.aggregator.topology.AggregatorTopology;
import io.camreasoner.aggregator.topology.StreamState;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link TimelineDirectory} over Kafka Streams interactive queries: local reads of the aggregator's
 * state stores, and {@link KafkaStreams#queryMetadataForKey} to find the instance ({@code
 * application.server}) whose task owns a stream's partition.
 */
public final class StreamsTimelineDirectory implements TimelineDirectory {

  private final KafkaStreams streams;
  private final HostInfo self;
  private final int minSegmentWindows;

  /**
   * @param self this instance's {@code application.server}
   * @param minSegmentWindows the flicker threshold the timelines are rendered with
   */
  public StreamsTimelineDirectory(KafkaStreams streams, HostInfo self, int minSegmentWindows) {
    this.streams = streams;
    this.self = self;
    this.minSegmentWindows = minSegmentWindows;
  }

  @Override
  public List<StreamSummary> localStreams() {
    List<StreamSummary> out = new ArrayList<>();
    try (KeyValueIterator<String, StreamState> it = streamStore().all()) {
      it.forEachRemaining(
          kv -> {
            StreamState s = kv.value;
            out.add(
                new StreamSummary(
                    s.id().streamId(),
                    s.id().session(),
                    s.id().producer(),
                    s.source(),
                    s.shotCount(),
                    s.currentShot(),
                    s.openShots(),
                    s.ended(),
                    s.error(),
                    s.lastSeenMs()));
          });
    }
    return out;
  }

  @Override
  public List<ShotTimeline> localShots(String streamId) {
    List<ShotTimeline> out = new ArrayList<>();
    long now = System.currentTimeMillis();
    ReadOnlyKeyValueStore<String, WindowRecord> windows = windowStore();
    try (KeyValueIterator<String, ShotState> it =
        shotStore().prefixScan(AggregatorTopology.streamPrefix(streamId), new StringSerializer())) {
      while (it.hasNext()) {
        ShotState meta = it.next().value;
        List<WindowRecord> ws = new ArrayList<>();
        try (KeyValueIterator<String, WindowRecord> wit =
            windows.prefixScan(
                AggregatorTopology.shotWindowsPrefix(meta.id(), meta.shotIndex()),
                new StringSerializer())) {
          wit.forEachRemaining(kv -> ws.add(kv.value));
        }
        out.add(new TimelineFold(meta.withWindows(ws), minSegmentWindows).timeline(now));
      }
    }
    return out;
  }

  @Override
  public List<CurvePoint> localCurve(TimelineId timeline) {
    List<CurvePoint> out = new ArrayList<>();
    try (KeyValueIterator<String, WindowRecord> it =
        windowStore()
            .prefixScan(AggregatorTopology.timelineKey(timeline), new StringSerializer())) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.curve() != null) {
              out.add(kv.value.curve());
            }
          });
    }
    out.sort(CurvePoint.IN_TIME_ORDER);
    return out;
  }

  @Override
  public Optional<String> ownerElsewhere(String streamId) {
    KeyQueryMetadata meta =
        streams.queryMetadataForKey(
            AggregatorTopology.STREAMS_STORE, streamId, new StringSerializer());
    if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
      throw new IllegalStateException("owner of stream '" + streamId + "' not known yet");
    }
    HostInfo owner = meta.activeHost();
    return owner.equals(self) ? Optional.empty() : Optional.of(owner.host() + ":" + owner.port());
  }

  @Override
  public List<String> otherInstances() {
    List<String> out = new ArrayList<>();
    for (StreamsMetadata m : streams.streamsMetadataForStore(AggregatorTopology.STREAMS_STORE)) {
      if (!m.hostInfo().equals(self)) {
        out.add(m.host() + ":" + m.port());
      }
    }
    return out;
  }

  private ReadOnlyKeyValueStore<String, StreamState> streamStore() {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              AggregatorTopology.STREAMS_STORE, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new IllegalStateException("stream store not queryable: " + e.getMessage(), e);
    }
  }

  private ReadOnlyKeyValueStore<String, WindowRecord> windowStore() {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              AggregatorTopology.WINDOWS_STORE, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new IllegalStateException("window store not queryable: " + e.getMessage(), e);
    }
  }

  private ReadOnlyKeyValueStore<String, ShotState> shotStore() {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              AggregatorTopology.SHOTS_STORE, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new IllegalStateException("shot store not queryable: " + e.getMessage(), e);
    }
  }
}
