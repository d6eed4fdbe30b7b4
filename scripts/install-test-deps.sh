#!/usr/bin/env bash
# Installs the Debian packages the test suite uses beyond Java and Maven:
#   chromium  headless browser for the dashboard test (skipped with a message when absent)
#   python3-confluent-kafka, python3-avro  the Python example consumer (examples/python-consumer;
#             its test is skipped with a message when absent)
# Idempotent; needs root (or sudo). Nothing else is ever installed by hand: Maven fetches the rest.
set -euo pipefail
packages=(chromium python3-confluent-kafka python3-avro)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "test dependencies present: ${packages[*]}"; exit 0; }
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
echo "installing Debian packages: ${missing[*]}"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
