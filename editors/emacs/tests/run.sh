#!/usr/bin/env bash
# End-to-end test of editors/emacs/newsls.el with Eglot against the real
# newsls server. Installs nothing: when `emacs` (or Eglot) is missing it
# prints a "skipped" line and exits 0. On Debian bookworm:
#   apt-get install -y emacs-nox elpa-eglot
#
# Environment:
#   NEWSLS_BIN  server binary (default: <repo>/target/debug/newsls)
#   EMACS       Emacs binary (default: emacs on PATH)
#
# Uses the fixture editors/nvim/tests/workspace (copied to a temp dir with a
# .git marker so project.el finds the root). The last line is
# "emacs-e2e: N passed, M failed" (", 1 skipped" when skipped).
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../../e2e.sh"
emacs="${EMACS:-emacs}"
timeout_s="${NEWSLS_E2E_TIMEOUT:-90}"

skip() {
  echo "emacs e2e skipped: $1"
  echo "emacs-e2e: 0 passed, 0 failed, 1 skipped"
  exit 0
}

command -v "$emacs" >/dev/null 2>&1 || skip "emacs not found (apt-get install -y emacs-nox elpa-eglot)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/newsls-emacs-e2e.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home"

# Eglot: built in since Emacs 29; Debian's elpa-eglot for Emacs 28.
if ! HOME="$tmp/home" "$emacs" --batch -Q --eval "(unless (require 'eglot nil t) (require 'package) (setq package-directory-list '(\"/usr/share/emacs/site-lisp/elpa\")) (package-initialize) (require 'eglot))" >/dev/null 2>&1; then
  skip "eglot not available (apt-get install -y elpa-eglot, or Emacs 29+)"
fi

if [ ! -x "$bin" ]; then
  echo "FAIL: newsls binary not found at $bin (run cargo build, or set NEWSLS_BIN)" >&2
  echo "emacs-e2e: 0 passed, 1 failed"
  exit 1
fi

cp -R "$repo/editors/nvim/tests/workspace" "$tmp/ws"
if command -v git >/dev/null 2>&1; then
  git init -q "$tmp/ws"
else
  mkdir "$tmp/ws/.git"
fi

start=$(date +%s)
(
  cd "$tmp/home" &&
    HOME="$tmp/home" NEWSLS_BIN="$bin" NEWSLS_E2E_ROOT="$tmp/ws" \
      timeout "$timeout_s" "$emacs" --batch -Q -L "$editor_dir" -l "$here/e2e.el" </dev/null
) >"$tmp/output.txt" 2>&1
status=$?

passed=0
failed=0
tr -d '\r' <"$tmp/output.txt" | e2e_relay
result="$(e2e_result "$tmp/output.txt")"
if [ -n "$result" ]; then
  set -- $result
  passed=$2
  failed=$3
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=$((failed + 1))
  echo "FAIL - emacs exited with status $status$([ "$status" -eq 124 ] && echo " (timed out after ${timeout_s}s)")" >&2
fi
# newsls.el as a package, in an Emacs of its own (nothing loaded yet):
# headers, byte-compilation, autoloads, Eglot loaded lazily.
mkdir -p "$tmp/package"
pkg_out="$(cd "$tmp/home" && HOME="$tmp/home" NEWSLS_E2E_TMP="$tmp/package" \
  timeout "$timeout_s" "$emacs" --batch -Q -L "$editor_dir" -l "$here/package.el" </dev/null 2>&1 | tr -d '\r')"
while IFS= read -r l; do
  case "$l" in
    RESULT\ *) set -- $l; passed=$((passed + $2)); failed=$((failed + $3)) ;;
    FAIL*) echo "  $l" >&2 ;;
    "ok   - "*) echo "  $l" ;;
    *) echo "  $l" >&2 ;;
  esac
done <<<"$pkg_out"
case "$pkg_out" in *RESULT*) ;; *) failed=$((failed + 1)); echo "FAIL - package.el did not finish" >&2 ;; esac

echo "# took $(($(date +%s) - start))s"
echo "emacs-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
