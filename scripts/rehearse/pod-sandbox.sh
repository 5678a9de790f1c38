#!/bin/sh
# Runs a command the way a container sees the one path Vault and the snapshot job cannot be told elsewhere: the
# service account's files the kubelet projects into every pod at /var/run/secrets/kubernetes.io/serviceaccount
# (token, ca.crt, namespace). Vault's Kubernetes service registration and its Kubernetes auth read them at that
# fixed path (serviceregistration/kubernetes/client/config.go; vault-plugin-auth-kubernetes path_config.go).
#   pod-sandbox.sh <service-account-dir> <command> [args...]
# The command gets a private mount namespace (root, or an unprivileged user namespace elsewhere) in which /run is an
# overlay and that folder is a read-only bind of <service-account-dir>: each pod sees its own token, the machine's
# /run is never written, and nothing is left behind when the command exits.
set -eu
sa="$1"
shift
if [ -z "${STRONGROOM_POD_SANDBOX:-}" ]; then
    if [ "$(id -u)" = 0 ]; then
        exec unshare --mount --propagation private env STRONGROOM_POD_SANDBOX=1 "$0" "$sa" "$@"
    fi
    exec unshare --user --map-root-user --mount --propagation private env STRONGROOM_POD_SANDBOX=1 "$0" "$sa" "$@"
fi
unset STRONGROOM_POD_SANDBOX
scratch="$sa.mnt"
mkdir -p "$scratch"
mount -t tmpfs tmpfs "$scratch"
mkdir "$scratch/upper" "$scratch/work"
mount -t overlay overlay -o "lowerdir=/run,upperdir=$scratch/upper,workdir=$scratch/work" /run
mkdir -p /run/secrets/kubernetes.io/serviceaccount
mount --bind "$sa" /run/secrets/kubernetes.io/serviceaccount
mount -o remount,bind,ro /run/secrets/kubernetes.io/serviceaccount
exec "$@"
