#!/usr/bin/env bash
# Prints the path of cert-manager's controller, built once from the github.com/cert-manager/cert-manager Go module
# at the version the stack installs (CERT_MANAGER_CHART in infra/vault-eks/cert-manager-chart.ts; the tests refuse a
# chart of another version) into a cache outside the repository, with cert-manager's own chart from the same module
# beside it ($dir/chart, its version and appVersion set to the release's, as the published chart has them): the
# tests render that chart with the stack's values for the CRDs, and run the controller against the test API server.
# Why a wrapper main (cert-manager-controller/main.go): cert-manager's own main is the nested module
# github.com/cert-manager/cert-manager/cmd/controller, which its project does not tag, so the module proxy serves
# none ("reading .../cmd/controller/@v/v1.21.2.info: 404 Not Found").
set -euo pipefail
version="${CERT_MANAGER_VERSION:-v1.21.2}"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/tools/tool-cache.sh
. "$here/tool-cache.sh"
tool_cache cert-manager "$version"
# A change to the wrapper's main makes a new build.
stamp="$(sha256sum "$here/cert-manager-controller/main.go" | cut -c1-12)"
# "Cached" means built from this main too (a test asking would otherwise wait minutes for a rebuild).
[ -z "${STRONGROOM_CACHED_ONLY:-}" ] || [ "$(cat "$dir/.main-sha" 2>/dev/null)" = "$stamp" ] || exit 3
if [ ! -x "$bin" ] || [ "$(cat "$dir/.main-sha" 2>/dev/null)" != "$stamp" ] || [ ! -f "$dir/chart/Chart.yaml" ]; then
    need_go cert-manager "$version"
    started=$(date +%s)
    echo "cert-manager: building $version into $dir (once)" >&2
    work="$dir/src"
    rm -rf "$work" "$dir/chart" && mkdir -p "$work" && cd "$work"
    printf 'module strongroom.local/certmanagercontroller\n\ngo 1.26.0\n\nrequire github.com/cert-manager/cert-manager %s\n' "$version" > go.mod
    cp "$here/cert-manager-controller/main.go" .
    GOFLAGS=-mod=mod go mod tidy >&2
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" . >&2
    # The chart, from the same (checksum-verified) module, with the version its release tool writes into Chart.yaml.
    module="$(GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/cert-manager/cert-manager)"
    cp -r "$module/deploy/charts/cert-manager" "$dir/chart.tmp" && chmod -R u+w "$dir/chart.tmp"
    cp "$module/LICENSE" "$dir/chart.tmp/LICENSE"
    sed -i "s/^version: v0.0.0$/version: $version/; s/^appVersion: v0.0.0$/appVersion: $version/" "$dir/chart.tmp/Chart.yaml"
    grep -q "^version: $version$" "$dir/chart.tmp/Chart.yaml" || { echo "cert-manager: the module's Chart.yaml has no v0.0.0 version to stamp" >&2; exit 1; }
    mv "$dir/chart.tmp" "$dir/chart"
    mv "$bin.tmp" "$bin"
    echo "$stamp" > "$dir/.main-sha"
    echo "cert-manager: built in $(( $(date +%s) - started )) s" >&2
fi
"$bin" --help >/dev/null 2>&1
echo "$bin"
