#!/usr/bin/env bash
# End-to-end test of the newsls Neovim client (editors/nvim) against the real
# newsls server, through Neovim's own LSP client.
#
# Usage: editors/nvim/tests/run.sh
# Environment:
#   NEWSLS_BIN  server binary (default: <repo>/target/debug/newsls)
#   NVIM        Neovim binary (default: nvim on PATH)
#
# For each run the plugin and tests/workspace are copied to a temp dir, a
# .git marker is created in the workspace copy (root detection), and
# `nvim --headless --clean` runs tests/e2e.lua from a cwd outside the
# workspace. On Neovim >= 0.11 it runs three times: setup() with Neovim's
# default capabilities (utf-8 negotiated), setup() offering only utf-16, and
# lsp/newsls.lua + vim.lsp.enable(). Older Neovim runs setup() once.
# Exits non-zero on any failure; the last line is the summary
# "nvim-e2e: N passed, M failed".
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../../e2e.sh"
nvim="${NVIM:-nvim}"
per_run_timeout="${NEWSLS_E2E_TIMEOUT:-120}"

summary() {
  if [ "${3:-0}" -gt 0 ]; then
    echo "nvim-e2e: $1 passed, $2 failed, $3 skipped"
  else
    echo "nvim-e2e: $1 passed, $2 failed"
  fi
}

if ! command -v "$nvim" >/dev/null 2>&1; then
  echo "FAIL: Neovim not found ('$nvim'); install it (apt-get install -y neovim) or set NVIM" >&2
  summary 0 1
  exit 1
fi
if [ ! -x "$bin" ]; then
  echo "FAIL: newsls binary not found at $bin (run cargo build, or set NEWSLS_BIN)" >&2
  summary 0 1
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/newsls-nvim-e2e.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# What this Neovim offers: vim.lsp.enable (>= 0.11) and
# general.positionEncodings in its default client capabilities (>= 0.10).
probe="$(cd "$tmp" && HOME="$tmp" "$nvim" --headless --clean \
  -c 'lua io.stdout:write((vim.lsp.enable and vim.lsp.config) and "enable " or "", (vim.lsp.protocol.make_client_capabilities().general or {}).positionEncodings and "encodings " or "", vim.version().major, ".", vim.version().minor, ".", vim.version().patch, "\n")' \
  -c 'qall!' </dev/null 2>&1 | tr -d '\r' | tail -n 1)"
runs=("setup:")
case "$probe" in *encodings*) runs+=("setup:utf-16") ;; esac
case "$probe" in *enable*) runs+=("enable:") ;; esac
echo "# $("$nvim" --version | head -n 1), newsls: $bin"
echo "# runs: ${runs[*]}"

total_pass=0
total_fail=0
total_skip=0
n=0
start=$(date +%s)
for run in "${runs[@]}"; do
  n=$((n + 1))
  mode="${run%%:*}"
  enc="${run#*:}"
  dir="$tmp/run$n"
  mkdir -p "$dir/plugin" "$dir/cwd" "$dir/home"
  cp -R "$editor_dir/lua" "$editor_dir/lsp" "$editor_dir/doc" "$editor_dir/plugin" "$dir/plugin/"
  cp -R "$here/workspace" "$dir/ws"
  mkdir "$dir/ws/.git"
  echo "# run $n: mode=$mode encoding=${enc:-default}"
  log="$dir/output.txt"
  (
    cd "$dir/cwd" &&
      HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" XDG_DATA_HOME="$dir/home/.local/share" \
        XDG_STATE_HOME="$dir/home/.local/state" XDG_CACHE_HOME="$dir/home/.cache" \
        NEWSLS_BIN="$bin" NEWSLS_E2E_ROOT="$dir/ws" NEWSLS_E2E_PLUGIN="$dir/plugin" \
        NEWSLS_E2E_MODE="$mode" NEWSLS_E2E_ENCODING="$enc" NEWSLS_E2E_SPEC="$here/e2e.lua" \
        timeout "$per_run_timeout" "$nvim" --headless --clean \
        --cmd 'lua vim.opt.runtimepath:prepend(os.getenv("NEWSLS_E2E_PLUGIN"))' \
        -c 'lua dofile(os.getenv("NEWSLS_E2E_SPEC"))' </dev/null
  ) >"$log" 2>&1
  status=$?
  tr -d '\r' <"$log" | e2e_relay
  result="$(e2e_result "$log")"
  if [ -n "$result" ]; then
    set -- $result
    total_pass=$((total_pass + $2))
    total_fail=$((total_fail + $3))
    total_skip=$((total_skip + ${4:-0}))
  fi
  if [ "$status" -ne 0 ] || [ -z "$result" ] || { [ -n "$result" ] && [ "$3" -ne 0 ]; }; then
    if [ -z "$result" ] || [ "$3" -eq 0 ]; then
      total_fail=$((total_fail + 1))
      echo "FAIL - run $n ($mode ${enc:-default}): nvim exited with status $status$([ "$status" -eq 124 ] && echo " (timed out after ${per_run_timeout}s)")" >&2
    fi
    for f in $(find "$dir/home" -name 'lsp.log' 2>/dev/null); do
      echo "--- tail of $f" >&2
      tail -n 40 "$f" >&2
    done
  fi
done
echo "# took $(($(date +%s) - start))s"
summary "$total_pass" "$total_fail" "$total_skip"
[ "$total_fail" -eq 0 ]
