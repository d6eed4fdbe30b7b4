#!/usr/bin/env bash
# Fetches the real images and footage of `camreasoner bench accuracy`'s real group from Debian
# packages (never committed, never fetched by hand): photographs from plasma-workspace-wallpapers
# (scene textures) and OpenCV's sample clip vtest.avi from opencv-doc (a still camera over a hall
# with people walking: real footage the bench puts under a virtual pan, tilt, roll or zoom).
# Needs apt-get (root or sudo) and the Debian archive; about 190 MB of .debs, 15 MB kept.
#   CAMREASONER_REAL_DATA  where to put them (default ~/.cache/camreasoner/real; the bench reads
#                          the same variable)
# Idempotent: does nothing when the MANIFEST of a complete fetch is there. Exit 0 when the data is
# in place, 1 when it could not be fetched (the bench then skips the real group and says so).
set -euo pipefail
dest="${CAMREASONER_REAL_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/camreasoner/real}"
photos=(Autumn BytheWater ColorfulCups DarkestHour EveningGlow FallenLeaf Kite Path summer_1am)
footage=(vtest.avi)
if [ -f "$dest/MANIFEST" ]; then
  echo "real data already in $dest"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
mkdir -p "$dest/debs" "$dest/photos" "$dest/footage"
cd "$dest/debs"
if ! apt-get download opencv-doc plasma-workspace-wallpapers >/dev/null 2>&1; then
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null 2>&1 || true
  apt-get download opencv-doc plasma-workspace-wallpapers >/dev/null 2>&1 || {
    echo "fetch-real-data: apt-get download failed (no Debian archive reachable?)" >&2
    exit 1
  }
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for deb in opencv-doc_*.deb plasma-workspace-wallpapers_*.deb; do
  dpkg -x "$deb" "$work"
done
for p in "${photos[@]}"; do
  src=$(ls "$work/usr/share/wallpapers/$p/contents/images/"*.jpg 2>/dev/null | head -n 1)
  [ -n "$src" ] && [ -s "$src" ] || { echo "fetch-real-data: photo $p missing" >&2; exit 1; }
  cp "$src" "$dest/photos/$p.jpg"
done
for f in "${footage[@]}"; do
  cp "$work/usr/share/doc/opencv-doc/examples/data/$f" "$dest/footage/$f"
done
rm -f "$dest"/debs/*.deb
{
  echo "# real data of bench accuracy's real group, fetched by scripts/fetch-real-data.sh"
  apt-cache policy opencv-doc plasma-workspace-wallpapers 2>/dev/null | grep -E '^[a-z]|Candidate' || true
  (cd "$dest" && sha256sum photos/* footage/*)
} >"$dest/MANIFEST.tmp"
mv "$dest/MANIFEST.tmp" "$dest/MANIFEST"
echo "real data in $dest: ${#photos[@]} photos, ${#footage[@]} clip(s)"
