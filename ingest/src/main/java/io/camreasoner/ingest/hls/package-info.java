/**
 * HLS followed in Java: the playlist parser and the stream of media segments that FFmpeg demuxes as
 * one continuous MPEG-TS feed, with end ({@code #EXT-X-ENDLIST}), resume from the next media
 * sequence, gap skipping, live-edge start and VOD reading decided here. No decoding and no Kafka
 * here.
 */
package io.camreasoner.ingest.hls;
