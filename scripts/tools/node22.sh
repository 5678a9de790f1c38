#!/usr/bin/env bash
# Prints the path of a Node.js 22 binary, installed once from the npm registry's node-linux-<arch> package into a
# cache outside the repository. CI uses it to prove the function and the offline plan on Node 22 as well as 20.
set -euo pipefail
version="22.23.3"
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "node22: no node-linux package for $(uname -m)" >&2; exit 1 ;; esac
dir="${STRONGROOM_CACHE:-$HOME/.cache/strongroom}/node-$version"
bin="$dir/node_modules/node-linux-$arch/bin/node"
if [ ! -x "$bin" ]; then
    echo "node22: installing node-linux-$arch@$version into $dir (once)" >&2
    npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts "node-linux-$arch@$version" >&2
fi
"$bin" --version >/dev/null
echo "$bin"
