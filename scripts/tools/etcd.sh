#!/usr/bin/env bash
# Prints the path of a real etcd, built once from the go.etcd.io/etcd/server/v3 Go module into a cache outside the
# repository: the store of the kube-apiserver the tests start (scripts/tools/kube-apiserver.sh).
# Why a wrapper module: etcd's server module replaces its sibling modules (api, client, pkg, raft) with ../ paths
# that a module download does not have, so `go install …@version` refuses it; as a dependency of a wrapper, those
# replaces are ignored and the siblings come at the published versions server's go.mod requires.
# The version is the etcd the pinned Kubernetes release is built and tested with (its go.mod's etcd client).
set -euo pipefail
version="${ETCD_VERSION:-v3.6.8}"
# shellcheck source=scripts/tools/tool-cache.sh
. "$(dirname "$0")/tool-cache.sh"
tool_cache etcd "$version"
if [ ! -x "$bin" ]; then
    need_go etcd "$version"
    started=$(date +%s)
    echo "etcd: building $version into $dir (once)" >&2
    work="$dir/src"
    rm -rf "$work" && mkdir -p "$work" && cd "$work"
    printf 'module strongroom.local/etcdbuild\n\ngo 1.23\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$version" > go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
    GOFLAGS=-mod=mod go mod tidy >&2
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" go.etcd.io/etcd/server/v3 >&2
    mv "$bin.tmp" "$bin"
    echo "etcd: built in $(( $(date +%s) - started )) s" >&2
fi
"$bin" --version >/dev/null
echo "$bin"
