# Shared by the editors' end-to-end scripts (editors/*/tests/run.sh), which
# source it: where the repository and the server are, and how an editor's
# test output is relayed.
#
# Sourcing it sets `here` (the script's tests folder), `editor_dir` (the
# editor's folder), `repo`, and `bin` (NEWSLS_BIN, else the debug build,
# made absolute).

here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
editor_dir="$(cd "$here/.." && pwd)"
repo="$(cd "$editor_dir/../.." && pwd)"
bin="${NEWSLS_BIN:-$repo/target/debug/newsls}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac

# e2e_relay: copies an editor's test output (stdin) a line at a time,
# indented: a failure and the traceback lines after it to stderr, the rest
# to stdout. The RESULT line is left out (read it with e2e_result).
e2e_relay() {
  local to_err=0 l
  while IFS= read -r l; do
    case "$l" in
      RESULT\ *) continue ;;
      FAIL*) to_err=1 ;;
      "ok   - "* | "skip - "* | "# "*) to_err=0 ;;
    esac
    if [ "$to_err" -eq 1 ]; then echo "  $l" >&2; else echo "  $l"; fi
  done
}

# e2e_result FILE: the last `RESULT passed failed [skipped]` line of FILE,
# or nothing.
e2e_result() {
  tr -d '\r' <"$1" | grep '^RESULT ' | tail -n 1
}
