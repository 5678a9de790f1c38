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
    /** Exact process name to signal. */
    readonly processName: string;
}

/** POSIX sh (busybox in Vault's image, dash/bash elsewhere): watches the file and sends SIGHUP when its digest changes. */
export function reloaderScript(s: ReloaderSettings): string {
    return `#!/bin/sh
# Sends ${s.processName} SIGHUP when ${s.certFile} changes, so a renewed certificate is served without a restart.
set -u
digest() { sha256sum "${s.certFile}" 2>/dev/null | cut -d' ' -f1; }
last=$(digest)
echo "watching ${s.certFile} (sha256 \${last:-missing})"
while sleep ${s.intervalSeconds}; do
  now=$(digest)
  [ -n "$now" ] && [ "$now" != "$last" ] || continue
  if pkill -HUP -x ${s.processName}; then
    echo "certificate changed (sha256 $now): sent SIGHUP to ${s.processName}"
    last=$now
  else
    echo "certificate changed but no ${s.processName} process to signal; retrying" >&2
  fi
done
`;
}

/** The container the chart adds to every Vault pod (server.extraContainers). */
export function reloaderContainer(vaultImage: string, tlsVolume: string, mountPath: string): Record<string, unknown> {
    return {
        name: "tls-reloader",
        image: vaultImage,
        command: ["/bin/sh", "-c", reloaderScript({ certFile: `${mountPath}/tls.crt`, intervalSeconds: 30, processName: "vault" })],
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
