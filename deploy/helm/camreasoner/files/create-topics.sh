#!/bin/sh
# Creates the CamReasoner topics when they are missing (existing topics are left as they are):
# the table "Topics and schemas" of the project README, from the topic registry
# (schemas/.../Topics.java; DeploymentFilesTest keeps the two equal). Run with the apache/kafka
# image's kafka-topics.sh. Environment:
#   KAFKA_BOOTSTRAP              bootstrap servers (required)
#   TOPIC_REPLICATION_FACTOR     replication factor of new topics (default 3)
#   KAFKA_CLIENT_CONFIG          Kafka client properties file (security.protocol, sasl.*, ssl.*), the
#                                file the services take as kafka.config-file (default: none, PLAINTEXT)
#   KAFKA_TOPICS                 path of kafka-topics.sh (default /opt/kafka/bin/kafka-topics.sh)
#   WAIT_SECONDS                 how long to wait for the cluster to answer (default 120)
set -eu

: "${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP must name the bootstrap servers}"
rf="${TOPIC_REPLICATION_FACTOR:-3}"
kt="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"
wait_s="${WAIT_SECONDS:-120}"

if [ -n "${KAFKA_CLIENT_CONFIG:-}" ]; then
  if [ ! -r "$KAFKA_CLIENT_CONFIG" ]; then
    echo "KAFKA_CLIENT_CONFIG=$KAFKA_CLIENT_CONFIG is not a readable file" >&2
    exit 2
  fi
  topics() { "$kt" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$KAFKA_CLIENT_CONFIG" "$@"; }
else
  topics() { "$kt" --bootstrap-server "$KAFKA_BOOTSTRAP" "$@"; }
fi

deadline=$(($(date +%s) + wait_s))
until topics --list >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "Kafka at $KAFKA_BOOTSTRAP did not answer within ${wait_s}s" >&2
    exit 1
  fi
  sleep 2
done

# create NAME PARTITIONS [--config KEY=VALUE]...
create() {
  name="$1"
  partitions="$2"
  shift 2
  topics --create --if-not-exists --topic "$name" --partitions "$partitions" \
    --replication-factor "$rf" "$@"
  echo "topic $name ready"
}

create camreasoner.frame-windows 12 \
  --config max.message.bytes=8454144 \
  --config retention.ms=86400000 \
  --config compression.type=producer
create camreasoner.motion-events 12 \
  --config retention.ms=604800000
create camreasoner.shot-timelines 12 \
  --config cleanup.policy=compact \
  --config min.compaction.lag.ms=60000
create camreasoner.dlq 1 \
  --config retention.ms=2592000000
