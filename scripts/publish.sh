#!/usr/bin/env bash
# Publishes the Native AOT binary for one runtime (default: this machine's) to artifacts/publish/<rid>/waiaas-mcp.
# WAIAAS_MCP_VERSION, when set, is the version (Directory.Build.props reads it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rid="${1:-$(bash "$root/scripts/rid.sh")}"
profile="$root/publish-profiles/$rid.pubxml"
[[ -f "$profile" ]] || { echo "no publish profile for '$rid' (have: $(ls "$root/publish-profiles" | sed 's/\.pubxml//' | tr '\n' ' '))" >&2; exit 2; }

log="$root/artifacts/publish-$rid.log"
mkdir -p "$root/artifacts"
dotnet publish "$root/Waiaas.Mcp/Waiaas.Mcp.csproj" -p:PublishProfile="$rid" -p:PublishProfileFullPath="$profile" -nologo -clp:NoSummary | tee "$log"

# Warnings are errors in the build, but say it plainly: an AOT publish must not print a trim/AOT warning.
if grep -E 'warning (IL[0-9]+|AOT)' "$log" >/dev/null; then
  echo "AOT publish printed IL warnings (see $log)" >&2
  exit 1
fi

exe="$root/artifacts/publish/$rid/waiaas-mcp"
[[ "$rid" == win-* ]] && exe="$exe.exe"
echo "published $exe ($(du -h "$exe" | cut -f1))"
