package io.camreasoner.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** The Confluent wire-format header: magic byte 0 followed by the 4-byte big-endian schema id. */
public final class WireFormat {
  /** The magic byte that starts every record. */
  public static final byte MAGIC = 0;

  /** Length of the header in bytes. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Writes the header for a schema id into a buffer. */
  public static void writeHeader(ByteBuffer out, int schemaId) {
    out.put(MAGIC).putInt(schemaId);
  }

  /**
   * Reads the header of a record and returns its schema id, leaving the buffer at the Avro payload.
   *
   * @throws SerializationException when the bytes are too short or do not start with magic byte 0
   */
  public static int readSchemaId(ByteBuffer in, String topic) {
    if (in.remaining() < HEADER_LENGTH) {
      throw new SerializationException(
          "record of topic '"
              + topic
              + "' has "
              + in.remaining()
              + " bytes, fewer than the 5-byte Confluent wire-format header");
    }
    byte magic = in.get();
    if (magic != MAGIC) {
      throw new SerializationException(
          "record of topic '"
              + topic
              + "' starts with byte "
              + magic
              + ", not the Confluent wire-format magic byte 0 (not Avro from a schema registry?)");
    }
    return in.getInt();
  }
}
