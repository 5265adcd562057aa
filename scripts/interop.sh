#!/usr/bin/env bash
# Runs a published binary (default: this machine's) under real third-party MCP clients, the official TypeScript SDK v1
# and v2 (legacy, auto and pinned 2026-07-28 modes) pinned in scripts/interop/package-lock.json: npm ci, then
# scripts/interop/client.mjs. Needs node 20+ and npm; WAIAAS_SKIP_INTEROP=1 skips it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rid="$(bash "$root/scripts/rid.sh")"
exe="${1:-$root/artifacts/publish/$rid/waiaas-mcp}"
[[ -z "${1:-}" && "$rid" == win-* ]] && exe="$exe.exe"

if [[ "${WAIAAS_SKIP_INTEROP:-}" == 1 ]]; then
  echo "interop: skipped (WAIAAS_SKIP_INTEROP=1)"
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "interop: node and npm are needed to run the MCP TypeScript SDK client against the binary;" \
    "install Node.js 20 or later, or set WAIAAS_SKIP_INTEROP=1 to skip this check" >&2
  exit 1
fi
[[ -x "$exe" ]] || { echo "interop: no executable at $exe (build it with scripts/publish.sh)" >&2; exit 2; }

cd "$root/scripts/interop"
npm ci --no-audit --no-fund --loglevel=error
node client.mjs "$exe"
