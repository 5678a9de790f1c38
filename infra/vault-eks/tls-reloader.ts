// The sidecar that makes a renewed certificate live: Vault reads tls_cert_file at start and again on SIGHUP only
// (listener "tcp": "This is reloaded via SIGHUP", https://developer.hashicorp.com/vault/docs/configuration/listener/tcp).
// The kubelet swaps the mounted Secret's files when cert-manager renews it; this loop notices and signals Vault, which
// keeps serving throughout. It runs in Vault's own image, as Vault's user, in the pod's shared process namespace:
// same user, so no capability is needed to signal. Pure: returns the script and the container spec.

export interface ReloaderSettings {
    /** The certificate file to watch. */
    readonly certFile: string;
    /** Seconds between looks. */
    readonly intervalSeconds: number;
    /**
     * Seconds after which Vault is signalled even with no change seen: a change made while this sidecar was not
     * running (restarted) is picked up within this time all the same.
     */
    readonly everySeconds: number;
    /** Exact process name to signal. */
    readonly processName: string;
}

/** POSIX sh (busybox in Vault's image, dash/bash elsewhere): sends SIGHUP when the file's digest changes, and anyway every `everySeconds`. */
export function reloaderScript(s: ReloaderSettings): string {
    return `#!/bin/sh
# Sends ${s.processName} SIGHUP when ${s.certFile} changes, so a renewed certificate is served without a restart;
# and every ${s.everySeconds} s regardless, in case a change came while this loop was not running.
set -u
digest() { sha256sum "${s.certFile}" 2>/dev/null | cut -d' ' -f1; }
last=$(digest)
waited=0
echo "watching ${s.certFile} (sha256 \${last:-missing})"
while sleep ${s.intervalSeconds}; do
  waited=$((waited + ${s.intervalSeconds}))
  now=$(digest)
  [ -n "$now" ] || continue
  if [ "$now" = "$last" ] && [ "$waited" -lt ${s.everySeconds} ]; then continue; fi
  if pkill -HUP -x ${s.processName}; then
    echo "certificate sha256 $now: sent SIGHUP to ${s.processName}"
    last=$now
    waited=0
  else
    echo "no ${s.processName} process to signal; retrying" >&2
  fi
done
`;
}

/** The container the chart adds to every Vault pod (server.extraContainers). */
export function reloaderContainer(vaultImage: string, tlsVolume: string, mountPath: string): Record<string, unknown> {
    return {
        name: "tls-reloader",
        image: vaultImage,
        command: ["/bin/sh", "-c", reloaderScript({ certFile: `${mountPath}/tls.crt`, intervalSeconds: 30, everySeconds: 24 * 3600, processName: "vault" })],
        volumeMounts: [{ name: tlsVolume, mountPath, readOnly: true }],
        resources: { requests: { cpu: "5m", memory: "16Mi" }, limits: { memory: "32Mi" } },
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 100,
            runAsGroup: 1000,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        },
    };
}
