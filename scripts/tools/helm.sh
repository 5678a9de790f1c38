#!/usr/bin/env bash
# Prints the path of the Helm 3 CLI, built once from its Go module into a cache outside the repository (a cold build
# takes about 3 minutes on 2 cores; then it is reused). The version is the one the pinned @pulumi/kubernetes provider
# embeds as a library (its provider/go.mod requires helm.sh/helm/v3 v3.20.2), so the tests render the chart with the
# same Helm that renders it in `pulumi up`. Output: the binary's path on stdout; everything else on stderr.
set -euo pipefail
version="${HELM_VERSION:-v3.20.2}"
dir="${STRONGROOM_CACHE:-$HOME/.cache/strongroom}/helm-$version"
bin="$dir/helm"
# STRONGROOM_CACHED_ONLY=1: only say whether it is built (exit 3 if not), so a test can skip instead of building.
[ -z "${STRONGROOM_CACHED_ONLY:-}" ] || [ -x "$bin" ] || exit 3
mkdir -p "$dir"
# One build at a time per version: a second caller waits for the first and then finds the binary.
exec 9>"$dir/.lock"
flock 9
if [ ! -x "$bin" ]; then
    command -v go >/dev/null || { echo "helm: 'go' is not on PATH; install Go to build Helm $version" >&2; exit 1; }
    started=$(date +%s)
    echo "helm: building $version into $dir (once)" >&2
    GOBIN="$dir/.build" CGO_ENABLED=0 go install "helm.sh/helm/v3/cmd/helm@$version" >&2
    mv "$dir/.build/helm" "$bin"
    echo "helm: built in $(( $(date +%s) - started )) s" >&2
fi
"$bin" version --short >/dev/null
echo "$bin"
