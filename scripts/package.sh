#!/usr/bin/env bash
# Archives a published binary for a release: artifacts/release/waiaas-mcp_<version>_<os>_<arch>.tar.gz (.zip on Windows).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rid="${1:?usage: package.sh <rid> <version>}"
version="${2:?usage: package.sh <rid> <version>}"

case "$rid" in
  linux-*) os=linux ;;
  osx-*) os=macos ;;
  win-*) os=windows ;;
  *) echo "unknown runtime '$rid'" >&2; exit 2 ;;
esac
arch="${rid#*-}"
name="waiaas-mcp_${version}_${os}_${arch}"
exe="$root/artifacts/publish/$rid/waiaas-mcp"
[[ "$os" == windows ]] && exe="$exe.exe"
[[ -f "$exe" ]] || { echo "no binary at $exe: run scripts/publish.sh $rid first" >&2; exit 1; }

out="$root/artifacts/release"
stage="$out/$name"
rm -rf "$stage"
mkdir -p "$stage"
cp "$exe" "$root/README.md" "$root/LICENSE" "$stage/"
cp -R "$root/docs" "$stage/docs"

cd "$out"
if [[ "$os" == windows ]]; then
  rm -f "$name.zip"
  if command -v 7z >/dev/null; then
    7z a -tzip -bso0 "$name.zip" "$name" >/dev/null
  else
    powershell -NoProfile -Command "Compress-Archive -Path '$name' -DestinationPath '$name.zip'"
  fi
  archive="$name.zip"
else
  tar -czf "$name.tar.gz" "$name"
  archive="$name.tar.gz"
fi
rm -rf "$stage"
echo "$out/$archive"
