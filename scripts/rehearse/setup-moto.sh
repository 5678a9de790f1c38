#!/usr/bin/env bash
# Installs the pinned AWS emulator (moto) into a virtual environment in the cache outside the repository, once per
# version of requirements.txt, and prints the path of its moto_server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
hash="$(sha256sum "$here/requirements.txt" | cut -c1-12)"
venv="${STRONGROOM_CACHE:-$HOME/.cache/strongroom}/moto-$hash"
mkdir -p "$(dirname "$venv")"
# One install at a time: a concurrent run waits, then finds the venv.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/moto_server" ]; then
    echo "setup-moto: installing $(grep -v '^#' "$here/requirements.txt" | xargs) into $venv (once)" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
fi
echo "$venv/bin/moto_server"
