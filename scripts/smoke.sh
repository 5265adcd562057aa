#!/usr/bin/env bash
# Smoke-tests a published binary: initialize + tools/list over stdio (every stdout line a JSON-RPC reply), then doctor --json and config.
set -euo pipefail

exe="${1:?usage: smoke.sh <path to waiaas-mcp>}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

"$exe" --version
printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"smoke","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  'not json' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
  | WAIAAS_BASE_URL=http://127.0.0.1:9 "$exe" >"$out"

fail() { echo "smoke: $1" >&2; cat "$out" >&2; exit 1; }
[[ "$(wc -l <"$out" | tr -d ' ')" == "2" ]] || fail "expected exactly 2 stdout lines"
while IFS= read -r line; do
  [[ "$line" == '{'*'}' && "$line" == *'"jsonrpc":"2.0"'* ]] || fail "not a JSON-RPC line: ${line:0:120}"
done <"$out"
grep -q '"id":1' "$out" && grep -q '"serverInfo"' "$out" || fail "no initialize reply"
grep -q '"id":2' "$out" && grep -q '"tools"' "$out" || fail "no tools/list reply"

# No daemon listens on port 9: the doctor must answer "not ready" (exit 1) as one JSON document.
status=0
WAIAAS_BASE_URL=http://127.0.0.1:9 "$exe" doctor --json >"$out" || status=$?
[[ "$status" == 1 ]] || fail "doctor --json exited $status, expected 1 (no daemon)"
grep -q '"id":"daemon","status":"fail"' "$out" || fail "doctor --json did not report the missing daemon"
"$exe" config claude-desktop >"$out" 2>/dev/null || fail "config claude-desktop failed"
grep -q '"mcpServers"' "$out" || fail "config claude-desktop printed no mcpServers"
echo "smoke: ok ($exe)"
