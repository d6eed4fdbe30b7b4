#!/usr/bin/env bash
# Reproduces the shipped motion model from nothing but this repository (see training/README.md):
# renders the training and validation data, trains on CPU and writes
# inference-worker/src/main/resources/models/motion-mlp.onnx and its .sha256.
# About 20 minutes on 2 shared cores (rendering dominates; training takes seconds).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${CAMREASONER_TRAINING_DATA:-training/data}"
./camreasoner bench dataset --seeds 2000-2199 --clips-per-seed 12 --out "$data/train.csv"
./camreasoner bench dataset --seeds 3000-3039 --clips-per-seed 12 --out "$data/val.csv"
training/train.sh --train "$data/train.csv" --val "$data/val.csv" \
  --out inference-worker/src/main/resources/models/motion-mlp.onnx "$@"
