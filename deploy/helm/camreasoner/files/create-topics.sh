#!/bin/sh
# Creates the CamReasoner topics when they are missing (existing topics are left as they are):
# the table "Topics and schemas" of the project README, from the topic registry
# (schemas/.../Topics.java; DeploymentFilesTest keeps the two equal). Run with the apache/kafka
# image's kafka-topics.sh. Environment:
#   KAFKA_BOOTSTRAP              bootstrap servers (required)
#   TOPIC_REPLICATION_FACTOR     replication factor of new topics (default 3)
#   KAFKA_SECURITY_PROTOCOL      PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL
#   KAFKA_SASL_MECHANISM         PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (with SASL_*)
#   KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD   SASL credentials (with SASL_*)
#   KAFKA_SSL_CA_FILE            PEM file of the CA that signed the brokers' certificates (with *SSL)
#   KAFKA_TOPICS                 path of kafka-topics.sh (default /opt/kafka/bin/kafka-topics.sh)
#   WAIT_SECONDS                 how long to wait for the cluster to answer (default 120)
set -eu

: "${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP must name the bootstrap servers}"
rf="${TOPIC_REPLICATION_FACTOR:-3}"
protocol="${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}"
kt="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"
wait_s="${WAIT_SECONDS:-120}"

config="$(mktemp)"
trap 'rm -f "$config"' EXIT
echo "security.protocol=$protocol" >"$config"
case "$protocol" in
  SASL_*)
    : "${KAFKA_SASL_MECHANISM:?KAFKA_SASL_MECHANISM is required with $protocol}"
    case "$KAFKA_SASL_MECHANISM" in
      PLAIN) module=org.apache.kafka.common.security.plain.PlainLoginModule ;;
      SCRAM-SHA-256 | SCRAM-SHA-512) module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
      *) echo "unsupported KAFKA_SASL_MECHANISM=$KAFKA_SASL_MECHANISM" >&2; exit 2 ;;
    esac
    {
      echo "sasl.mechanism=$KAFKA_SASL_MECHANISM"
      echo "sasl.jaas.config=$module required username=\"${KAFKA_SASL_USERNAME:?}\" password=\"${KAFKA_SASL_PASSWORD:?}\";"
    } >>"$config"
    ;;
esac
case "$protocol" in
  *SSL)
    if [ -n "${KAFKA_SSL_CA_FILE:-}" ]; then
      printf 'ssl.truststore.type=PEM\nssl.truststore.location=%s\n' "$KAFKA_SSL_CA_FILE" >>"$config"
    fi
    ;;
esac

topics() { "$kt" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$config" "$@"; }

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
