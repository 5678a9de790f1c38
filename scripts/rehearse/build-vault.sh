#!/usr/bin/env bash
# Builds HashiCorp Vault from its Go module into a cache outside the repository, for the rehearsal.
# Why a wrapper module: Vault's root go.mod replaces its nested modules (api, sdk, api/auth/*) with local paths
# that are not inside the module download, so we require Vault and point each nested module at its published
# version instead. Prints the binary's path on stdout; everything else goes to stderr.
set -euo pipefail

version="${VAULT_VERSION:-1.21.1}"
# The sdk module whose API matches what this Vault release compiles against (the version its go.mod names, which
# it replaces with ./sdk). 1.21.2 to 1.21.4 compile against an sdk that was never published (sdk v0.20's
# ActivationFunc with v0.21's observation helpers, and in 1.21.4 v0.24's RestorePolicy): 1.21.1 is the newest 1.21.x
# whose sdk is a published version. 2.0.4 (the chart's) is refused by the module proxy (403).
sdk="${VAULT_SDK_VERSION:-v0.20.0}"
cache="${STRONGROOM_CACHE:-$HOME/.cache/strongroom}/vault-$version"
bin="$cache/vault"

mkdir -p "$cache"
# One build per version at a time: a second caller (another test run, #20's older Vault) waits, then finds the binary.
exec 9>"$cache/.lock"
flock 9
if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
    echo "$bin"
    exit 0
fi

command -v go >/dev/null || { echo "build-vault: 'go' is not on PATH; install Go 1.25+ or set VAULT_BIN to a vault binary" >&2; exit 1; }

work="$cache/src"
mkdir -p "$work"
cd "$work"
# The published versions of the nested modules that Vault's own go.mod requires (and replaces with ./api, ./sdk …).
cat > go.mod <<MOD
module strongroom.local/vaultbuild

go 1.25.3

require github.com/hashicorp/vault v$version

replace (
	github.com/hashicorp/vault/api => github.com/hashicorp/vault/api v1.22.0
	github.com/hashicorp/vault/api/auth/approle => github.com/hashicorp/vault/api/auth/approle v0.1.0
	github.com/hashicorp/vault/api/auth/kubernetes => github.com/hashicorp/vault/api/auth/kubernetes v0.10.0
	github.com/hashicorp/vault/api/auth/userpass => github.com/hashicorp/vault/api/auth/userpass v0.1.0
	github.com/hashicorp/vault/sdk => github.com/hashicorp/vault/sdk $sdk
	github.com/99designs/keyring => github.com/Jeffail/keyring v1.2.3
	github.com/ma314smith/signedxml v1.1.1 => github.com/moov-io/signedxml v1.1.1
)
MOD
started=$(date +%s)
echo "build-vault: building Vault $version into $cache (a cold build takes 20-35 minutes on 2 cores)" >&2
GOFLAGS=-mod=mod go get "github.com/hashicorp/vault@v$version" >&2
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags vault -o "$bin.tmp" github.com/hashicorp/vault >&2
mv "$bin.tmp" "$bin"
echo "build-vault: built in $(( $(date +%s) - started )) s" >&2
echo "$bin"
