#!/usr/bin/env python3
"""Example consumer of CamReasoner's topics through the Confluent schema registry (Python).

Reads camreasoner.shot-timelines (or camreasoner.motion-events) from the beginning, read_committed,
and prints one line per record, the same lines as the Java example (examples/java-consumer).
Values and keys are Avro in the Confluent wire format: magic byte 0, a 4-byte big-endian schema id,
Avro binary. The writer schema is fetched from the registry by id (confluent_kafka's
SchemaRegistryClient, cached) and the record decoded with Apache Avro's Python library.

Uses Debian's python3-confluent-kafka (1.7) and python3-avro (1.11). confluent_kafka's own
AvroDeserializer needs fastavro, which Debian does not package; decoding with the avro package
instead is the few lines of `decode` below.

  python3 consume.py --bootstrap HOST:PORT --registry http://HOST:PORT \\
      [--topic timelines|events] [--idle 30] [--max N] [--basic-auth USER:PASSWORD]
"""
import argparse
import io
import struct
import sys
import time
import uuid

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaException
from confluent_kafka.schema_registry import SchemaRegistryClient

TOPICS = {"timelines": "camreasoner.shot-timelines", "events": "camreasoner.motion-events"}


class WireFormatDecoder:
    """Decodes Confluent wire-format Avro with writer schemas from the registry."""

    def __init__(self, registry):
        self.registry = registry
        self.readers = {}

    def decode(self, payload):
        if payload is None:
            return None
        if len(payload) < 5 or payload[0] != 0:
            raise ValueError("not Confluent wire format (magic byte %r)" % payload[:1])
        schema_id = struct.unpack(">I", payload[1:5])[0]
        reader = self.readers.get(schema_id)
        if reader is None:
            schema = avro.schema.parse(self.registry.get_schema(schema_id).schema_str)
            reader = avro.io.DatumReader(schema)
            self.readers[schema_id] = reader
        return reader.read(avro.io.BinaryDecoder(io.BytesIO(payload[5:])))


def timeline_line(t):
    segments = []
    for s in t["segments"]:
        if s["labels"]:
            what = "+".join(s["labels"])
        elif s.get("gap") is not None:
            what = "(gap: %s)" % s["gap"]
        else:
            what = "(%s)" % s.get("answer", "")
        segments.append("%.2f-%.2f %s %.2f" % (s["startSec"], s["endSec"], what, s["confidence"]))
    return "%s session %d %s shot %d %s %.2f-%.2f s: %s" % (
        t["streamId"], t.get("session", 0), t.get("producer", ""), t["shotIndex"],
        t["status"].lower(), t["startSec"], t["endSec"], " | ".join(segments))


def event_line(e):
    if e.get("endOfStream"):
        return "%s end of stream%s" % (e["streamId"], ": " + e["error"] if e.get("error") else "")
    scores = e["scores"]
    confidence = min((scores.get(l, 0.0) for l in e["labels"]), default=0.0)
    what = "(failed: %s)" % e["failure"] if e.get("failure") else "+".join(e["labels"])
    return "%s window %d shot %d frames %d-%d: %s %.2f (%s)" % (
        e["streamId"], e["windowSeq"], e["shotIndex"], e["firstFrame"], e["lastFrame"], what,
        confidence, e.get("producer", ""))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers (kafka.bootstrap=)")
    p.add_argument("--registry", required=True, help="schema registry URL (schema.registry=)")
    p.add_argument("--topic", choices=sorted(TOPICS), default="timelines")
    p.add_argument("--idle", type=float, help="stop once nothing arrived for this many seconds")
    p.add_argument("--max", type=int, default=0, help="stop after this many records")
    p.add_argument("--basic-auth", help="registry credentials user:password")
    a = p.parse_args(argv)

    conf = {"url": a.registry}
    if a.basic_auth:
        conf["basic.auth.user.info"] = a.basic_auth
    decoder = WireFormatDecoder(SchemaRegistryClient(conf))
    consumer = Consumer({
        "bootstrap.servers": a.bootstrap,
        "group.id": "camreasoner-example-py-" + str(uuid.uuid4()),
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    line = event_line if a.topic == "events" else timeline_line
    consumer.subscribe([TOPICS[a.topic]])
    printed = 0
    last = time.monotonic()
    try:
        while True:
            msg = consumer.poll(0.5)
            if msg is None:
                if a.idle is not None and time.monotonic() - last > a.idle:
                    break
                continue
            if msg.error():
                raise KafkaException(msg.error())
            last = time.monotonic()
            value = decoder.decode(msg.value())
            if value is None:
                continue  # a tombstone
            print(line(value), flush=True)
            printed += 1
            if a.max and printed >= a.max:
                break
    finally:
        consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
