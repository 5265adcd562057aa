#!/usr/bin/env bash
# Restores, builds, publishes and packs the Native AOT binary and runs every test (unit, in-memory MCP, published binary
# over stdio, the NuGet tool installed from a local folder), then drives the binary with the official MCP TypeScript SDK
# clients (scripts/interop.sh: needs node and npm, WAIAAS_SKIP_INTEROP=1 skips it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore Waiaas.Mcp.sln
dotnet build Waiaas.Mcp.sln -c Release --no-restore -warnaserror
# The process-level tests run this binary and install the tool packages: pack.sh publishes the AOT binary (failing on
# any IL trim/AOT warning), then packs that same compile with the pointer package into artifacts/packages.
bash scripts/pack.sh

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test Waiaas.Mcp.sln -c Release --no-build \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=tests.trx" \
  --results-directory "$results" "$@" || status=$?

# Real third-party clients: the official MCP TypeScript SDK (v1, and v2 in each mode) against the binary the tests just ran.
interop=0
bash scripts/interop.sh || interop=$?

# One plain closing line that any CI reader understands.
counters=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -n 1 || true)
passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
echo "tests: ${passed:-0} passed, ${failed:-0} failed; interop: $([[ "$interop" == 0 ]] && echo ok || echo "FAILED (exit $interop)")"
if [[ "${passed:-0}" == "0" && "$status" == "0" ]]; then
  echo "no test ran" >&2
  exit 1
fi
[[ "$status" != 0 ]] || status="$interop"
exit "$status"
