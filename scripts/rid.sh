#!/usr/bin/env bash
# Prints this machine's .NET runtime identifier (linux-x64, osx-arm64, win-x64, ...).
set -euo pipefail

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=osx ;;
  MINGW*|MSYS*|CYGWIN*) os=win ;;
  *) echo "unsupported OS $(uname -s)" >&2; exit 2 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) echo "unsupported CPU $(uname -m)" >&2; exit 2 ;;
esac
echo "$os-$arch"
