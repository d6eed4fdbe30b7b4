#!/usr/bin/env bash
# Runs the training command (io.camreasoner.training.TrainCommand) on CPU, building the training
# module first when needed. PyTorch and ONNX Runtime natives come from the Maven jars and are
# extracted into $CAMREASONER_CACHE/djl (default ~/.cache/camreasoner/djl); nothing is downloaded.
# Arguments go to the command: --train CSV --val CSV --out FILE.onnx [--hidden 64 ...]; --help lists them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${CAMREASONER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/camreasoner}"
jar="$root/training/target/camreasoner-training.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -maxdepth 4 \( -name pom.xml -o -path '*/src/main/*' \) \
    -newer "$jar" -not -path '*/target/*' -print -quit 2>/dev/null)" ]; then
  echo "train.sh: building the training module..." >&2
  (cd "$root" && mvn -B -q -DskipTests -Dspotless.check.skip=true -pl training -am package) >&2
fi
mkdir -p "$cache/djl" "$cache/djl-engines" "$cache/javacpp"
# One PyTorch thread: the run is then deterministic for a seed on one machine.
exec java ${CAMREASONER_JAVA_OPTS:--Xmx2g} \
  -DDJL_CACHE_DIR="$cache/djl" -DENGINE_CACHE_DIR="$cache/djl-engines" -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.bytedeco.javacpp.cachedir="$cache/javacpp" \
  -jar "$jar" "$@"
