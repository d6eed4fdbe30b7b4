#!/usr/bin/env bash
# Reproduces the shipped motion model from nothing but this repository (see training/README.md):
# renders the training and validation data, trains on CPU and writes
# inference-worker/src/main/resources/models/motion-mlp.onnx and its .sha256.
# About 50 minutes on 2 shared cores (rendering dominates; training takes about a minute). The
# real photos and footage of the group clips come from Debian packages (scripts/fetch-real-data.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${CAMREASONER_TRAINING_DATA:-training/data}"
bash scripts/fetch-real-data.sh
./camreasoner bench dataset --seeds 2000-2199 --clips-per-seed 12 --group-clips 2 \
  --out "$data/train.csv"
./camreasoner bench dataset --seeds 2200-2399 --clips-per-seed 0 --group-clips 2 \
  --out "$data/train-groups.csv"
./camreasoner bench dataset --seeds 3000-3039 --clips-per-seed 12 --group-clips 2 \
  --out "$data/val.csv"
training/train.sh --train "$data/train.csv" --train "$data/train-groups.csv" \
  --val "$data/val.csv" --out inference-worker/src/main/resources/models/motion-mlp.onnx "$@"
