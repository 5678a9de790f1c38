#!/usr/bin/env bash
# Prints the path of a real kube-apiserver, built once from the k8s.io/kubernetes Go module into a cache outside the
# repository. The tests start it on loopback (with etcd from scripts/tools/etcd.sh), as controller-runtime's envtest
# does, and apply every Kubernetes object the stack creates to it.
# Why a wrapper module: k8s.io/kubernetes requires its staging modules (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0
# and replaces them with ./staging/src paths that a module download does not have; each is also published as
# k8s.io/<name> v0.<minor>.<patch> of the same release, so the wrapper points every one of them there.
# The version follows the stack's default `strongroom:kubernetesVersion` (a test checks they agree).
set -euo pipefail
version="${KUBE_VERSION:-v1.36.5}"
# shellcheck source=scripts/tools/tool-cache.sh
. "$(dirname "$0")/tool-cache.sh"
tool_cache kube-apiserver "$version"
if [ ! -x "$bin" ]; then
    need_go kube-apiserver "$version"
    started=$(date +%s)
    echo "kube-apiserver: building $version into $dir (once)" >&2
    work="$dir/src"
    rm -rf "$work" && mkdir -p "$work" && cd "$work"
    staging="v0.${version#v1.}"
    gomod="$(GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
    goversion="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
    {
        echo "module strongroom.local/kubeapiserverbuild"
        echo
        echo "go $goversion"
        echo
        echo "require k8s.io/kubernetes $version"
        echo
        # Every staging module the release replaces with a local path, at its published version.
        sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/.*$#replace \1 => \1 '"$staging"'#p' "$gomod"
    } > go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kube-apiserver"\n' > tools.go
    GOFLAGS=-mod=mod go mod tidy >&2
    # The release's version, as its own build stamps it (hack/lib/version.sh), so /version names the release.
    minor="${version#v1.}" && minor="${minor%%.*}"
    stamp="-X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$stamp" -o "$bin.tmp" k8s.io/kubernetes/cmd/kube-apiserver >&2
    mv "$bin.tmp" "$bin"
    echo "kube-apiserver: built in $(( $(date +%s) - started )) s" >&2
fi
"$bin" --version >/dev/null
echo "$bin"
