#!/usr/bin/env bash
# Lints .github/workflows with actionlint, built once from its Go module into a cache outside the repository.
set -euo pipefail
version="v1.7.12"
bin="${STRONGROOM_CACHE:-$HOME/.cache/strongroom}/actionlint-$version/actionlint"
if [ ! -x "$bin" ]; then
    command -v go >/dev/null || { echo "actionlint: 'go' is not on PATH; install Go to build actionlint $version" >&2; exit 1; }
    echo "actionlint: building $version into $(dirname "$bin") (once)" >&2
    GOBIN="$(dirname "$bin")" CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@$version" >&2
fi
cd "$(dirname "$0")/../.."
# shellcheck is used for run: scripts when present; -shellcheck= turns that off where it is not installed.
if command -v shellcheck >/dev/null; then exec "$bin" "$@"; else exec "$bin" -shellcheck= "$@"; fi
