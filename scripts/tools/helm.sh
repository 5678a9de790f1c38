#!/usr/bin/env bash
# Prints the path of the Helm 3 CLI, built once from its Go module into a cache outside the repository (a cold build
# took 290 s on 2 busy cores; then it is reused). The version is the Helm library the pinned @pulumi/kubernetes
# provider renders the release with in `pulumi up`: helm.sh/helm/v3 v3.20.2 in the provider's go.mod (the newest
# provider source readable here, July 2026; 4.34.2's own module is not served by the proxy). Output: the binary's
# path on stdout; everything else on stderr.
set -euo pipefail
version="${HELM_VERSION:-v3.20.2}"
# shellcheck source=scripts/tools/tool-cache.sh
. "$(dirname "$0")/tool-cache.sh"
tool_cache helm "$version"
if [ ! -x "$bin" ]; then
    need_go helm "$version"
    started=$(date +%s)
    echo "helm: building $version into $dir (once)" >&2
    # The release's version, as its Makefile stamps it, so `helm version` and .Capabilities.HelmVersion name it.
    GOBIN="$dir/.build" CGO_ENABLED=0 go install -ldflags "-X helm.sh/helm/v3/internal/version.version=$version" "helm.sh/helm/v3/cmd/helm@$version" >&2
    mv "$dir/.build/helm" "$bin"
    echo "helm: built in $(( $(date +%s) - started )) s" >&2
fi
"$bin" version --short >/dev/null
echo "$bin"
