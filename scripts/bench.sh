#!/usr/bin/env bash
# Bench: publishes the server, a trivial AOT floor and the runner, then prints one table (start-up, RSS, per-call overhead, calls/s, PSS of 3 servers at once, large answers, size).
set -euo pipefail

# Usage: bash scripts/bench.sh [--runs 30] [--warmup 3] [--no-hang] [--server <other waiaas-mcp binary>] [--baseline <binary to compare>]
#        [--calls 10000] [--concurrency 16] [--sequential 2000] [--no-calls] [--no-answers]
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rid="$(bash "$root/scripts/rid.sh")"
out="$root/artifacts/bench"
mkdir -p "$out"

echo "building (logs in $out/*.log)..." >&2
bash "$root/scripts/publish.sh" "$rid" >"$out/publish-server.log" 2>&1 || { cat "$out/publish-server.log" >&2; exit 1; }
dotnet publish "$root/scripts/bench/Floor/Floor.csproj" -c Release -r "$rid" -o "$out/floor" -nologo >"$out/publish-floor.log" 2>&1 \
  || { cat "$out/publish-floor.log" >&2; exit 1; }
dotnet build "$root/scripts/bench/Runner/Runner.csproj" -c Release -o "$out/runner" -nologo >"$out/build-runner.log" 2>&1 \
  || { cat "$out/build-runner.log" >&2; exit 1; }

exe="$root/artifacts/publish/$rid/waiaas-mcp"
floor="$out/floor/bench-floor"
[[ "$rid" == win-* ]] && { exe="$exe.exe"; floor="$floor.exe"; }

dotnet "$out/runner/bench-runner.dll" --server "$exe" --floor "$floor" \
  --fixtures "$root/Waiaas.Mcp.Tests/Fixtures/daemon" "$@"
