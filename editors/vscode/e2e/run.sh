#!/usr/bin/env bash
# Installs code-server and puppeteer-core from package-lock.json (offline
# apart from the npm registry), then, unless --install-only, runs run.mjs:
# the packaged extension (../newsls-<version>.vsix, built by `npm run
# package`) inside real VS Code.
# Screenshots and code-server's log land in target/vscode-e2e/.
set -euo pipefail
cd "$(dirname "$0")"

for tool in node npm chromium rg; do
    command -v "$tool" >/dev/null || { echo "vscode-e2e: $tool is missing" >&2; exit 1; }
done

# `npm ci` reinstalls from scratch (about two minutes: code-server builds
# native modules); skip it when this exact lock file is already installed.
stamp=node_modules/.newsls-e2e-lock
if [ -x node_modules/.bin/code-server ] && cmp -s package-lock.json "$stamp"; then
    echo "vscode-e2e: code-server already installed from this lock file"
else
    # @vscode/ripgrep downloads rg from GitHub while installing, which is not
    # reachable here: seed its download cache with Debian's rg instead. The
    # version is the one code-server 4.100.3's VS Code pins (its
    # lib/vscode/npm-shrinkwrap.json).
    cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
    tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
    if [ ! -s "$tarball" ]; then
        mkdir -p "$cache"
        staging=$(mktemp -d)
        cp "$(command -v rg)" "$staging/rg"
        tar czf "$tarball.tmp" -C "$staging" rg
        mv "$tarball.tmp" "$tarball"
        rm -rf "$staging"
    fi
    # code-server's postinstall runs `npm install` in its bundled VS Code,
    # whose native modules (node-pty, @parcel/watcher, kerberos, spdlog…)
    # build with node-gyp:
    # - npm 11 runs no dependency install scripts unless allowed, and the
    #   nested installs cannot read our package.json's allowScripts (and
    #   refuse --allow-scripts): allow them for this install only. Every
    #   package is pinned, here by package-lock.json and below by VS Code's
    #   npm-shrinkwrap.json, with integrity hashes.
    # - the postinstall refuses to run as root without unsafe-perm;
    # - node-pty fetches node-gyp through npx (npm_config_yes);
    # - the Node headers come from Debian's nodejs package (/usr/include/node).
    npm_config_dangerously_allow_all_scripts=true \
    npm_config_unsafe_perm=true \
    npm_config_yes=true \
    npm_config_nodedir=/usr \
        npm ci --unsafe-perm --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
fi

# scripts/test installs beside the Rust build, and runs the test later.
[ "${1:-}" = --install-only ] && exit 0

exec node run.mjs "$@"
