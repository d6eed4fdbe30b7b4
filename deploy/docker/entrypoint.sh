#!/bin/sh
# Container entrypoint of every CamReasoner image: runs `java -jar camreasoner.jar "$@"` with
# container-aware memory, writable native-library and model caches, and the launcher's options.
# Environment (all optional):
#   CAMREASONER_JAVA_OPTS  JVM options (default below: heap = 60 % of the container's memory limit)
#   CAMREASONER_CACHE      cache root (JavaCPP natives, DJL models and engines, JNA); must be writable
#   DJL_CACHE_DIR, ENGINE_CACHE_DIR  override the DJL caches individually
set -eu

cache="${CAMREASONER_CACHE:-/var/cache/camreasoner}"
mkdir -p "$cache/javacpp" "$cache/djl" "$cache/djl-engines" "$cache/jna" "$cache/tmp"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$cache/djl}"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$cache/djl-engines}"

# shellcheck disable=SC2086 # CAMREASONER_JAVA_OPTS is a list of options
exec java \
  ${CAMREASONER_JAVA_OPTS:--XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=20 -XX:+ExitOnOutOfMemoryError} \
  -Dorg.bytedeco.javacpp.cachedir="$cache/javacpp" \
  -Djna.tmpdir="$cache/jna" \
  -Djava.io.tmpdir="$cache/tmp" \
  -Dai.djl.offline=true \
  -jar /opt/camreasoner/camreasoner.jar "$@"
