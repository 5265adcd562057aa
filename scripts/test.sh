#!/usr/bin/env bash
# Runs every test, quickest feedback first: restore and build; the fast tier (unit and in-memory MCP tests, nothing
# published); then publish and pack the Native AOT binary (failing on any IL trim/AOT warning); the binary tier (the
# published executable over real stdio, the NuGet tool installed from a local folder); last the binary under the
# official MCP TypeScript SDK clients (scripts/interop.sh: needs node and npm, WAIAAS_SKIP_INTEROP=1 skips it).
# `--fast` stops after the fast tier. Any other argument goes to both `dotnet test` runs (not --filter: the tiers are
# filters).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fast_only=false
test_args=()
for arg in "$@"; do
  case "$arg" in
    --fast) fast_only=true ;;
    *) test_args+=("$arg") ;;
  esac
done

results="$root/artifacts/test-results"
rm -rf "$results"

# One tier: `tier <name> <filter>` runs the tests that filter selects, results in artifacts/test-results/<name>.trx.
tier() {
  echo "== $1 tier: dotnet test --filter \"$2\""
  # In the fast tier a test that reaches for the published binary fails at once, naming the trait it lacks.
  WAIAAS_TESTS_FAST_TIER=$([[ "$1" == fast ]] && echo 1 || echo 0) \
    dotnet test Waiaas.Mcp.sln -c Release --no-build --filter "$2" \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=$1.trx" \
    --results-directory "$results" ${test_args[@]+"${test_args[@]}"}
}

# `summary <name> <exit status>`: one line with the tier's counts and a line per failed test; fails a tier that ran no
# test at all.
summary() {
  local counters passed failed skipped
  counters=$(grep -ho '<Counters [^>]*>' "$results/$1.trx" 2>/dev/null | head -n 1 || true)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  skipped=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "$1 tier: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped$([[ "$2" == 0 ]] || echo " (exit $2)")"
  # Named again here, since a CI log is often read from its end.
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$results/$1.trx" 2>/dev/null \
    | sed -n 's/.* testName="\([^"]*\)".*/  failed: \1/p' || true
  [[ "${passed:-0}" != 0 || "$2" != 0 ]] || { echo "$1 tier: no test ran" >&2; return 1; }
  return "$2"
}

dotnet restore Waiaas.Mcp.sln
dotnet build Waiaas.Mcp.sln -c Release --no-restore -warnaserror

fast=0
tier fast "Category!=Binary" || fast=$?
if [[ "$fast_only" == true ]]; then
  summary fast "$fast"
  exit
fi

# pack.sh publishes the AOT binary the binary tier runs, then packs that same compile with the pointer package into
# artifacts/packages.
bash scripts/pack.sh

binary=0
tier binary "Category=Binary" || binary=$?

# Real third-party clients: the official MCP TypeScript SDK (v1, and v2 in each mode) against the binary the tests just ran.
interop=0
bash scripts/interop.sh || interop=$?

# Plain closing lines that any CI reader understands.
status=0
summary fast "$fast" || status=1
summary binary "$binary" || status=1
echo "interop: $([[ "$interop" == 0 ]] && echo ok || echo "FAILED (exit $interop)")"
[[ "$interop" == 0 ]] || status=1
exit "$status"
