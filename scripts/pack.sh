#!/usr/bin/env bash
# Packs the NuGet .NET tool (docs/dotnet-tool.md) into artifacts/packages/:
#   Waiaas.Mcp.<rid>.<version>.nupkg  for each runtime given (default: this machine's): the AOT executable that
#                                     scripts/publish.sh writes to artifacts/publish/<rid>/ (the pack reuses that compile);
#   Waiaas.Mcp.<version>.nupkg        the pointer package: `dotnet tool install` and `dnx` follow it to the runtime's package.
# --pointer-only packs just the pointer (the release workflow packs each runtime on its own OS, then the pointer once).
# WAIAAS_MCP_VERSION, when set, is the version (Directory.Build.props reads it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/Waiaas.Mcp/Waiaas.Mcp.csproj"
out="$root/artifacts/packages"

pointer_only=false
rids=()
for arg in "$@"; do
  case "$arg" in
    --pointer-only) pointer_only=true ;;
    *) rids+=("$arg") ;;
  esac
done
if [[ "$pointer_only" == false && ${#rids[@]} -eq 0 ]]; then
  rids=("$(bash "$root/scripts/rid.sh")")
fi
[[ "$pointer_only" == true ]] && rids=()

mkdir -p "$out"
for rid in ${rids[@]+"${rids[@]}"}; do
  # Fails on any IL warning; the AOT compile happens here, once.
  bash "$root/scripts/publish.sh" "$rid"
  # The same profile finds that compile up to date. Its own folder keeps the native symbols (.dbg, .dSYM, .pdb) out of
  # the package.
  dotnet pack "$project" -r "$rid" -p:PublishProfile="$rid" -p:PublishProfileFullPath="$root/publish-profiles/$rid.pubxml" \
    -p:PublishDir="$root/artifacts/tool/$rid/" -p:CopyOutputSymbolsToPublishDirectory=false \
    -o "$out" -nologo -clp:NoSummary
done

dotnet pack "$project" -c Release -o "$out" -nologo -clp:NoSummary
ls -l "$out"
