#!/usr/bin/env bash
# Builds the Native AOT binary for this machine and runs it: with no arguments it serves MCP on stdin/stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Build output goes to stderr: stdout belongs to the MCP protocol once the server runs.
rid="$(bash "$root/scripts/rid.sh")"
bash "$root/scripts/publish.sh" "$rid" >&2
exe="$root/artifacts/publish/$rid/waiaas-mcp"
[[ "$rid" == win-* ]] && exe="$exe.exe"
exec "$exe" "$@"
