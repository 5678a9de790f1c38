// The pod of the Raft snapshot CronJob: Vault's own image takes the snapshot (Kubernetes auth, no stored token),
// the AWS CLI image uploads it with the pod's IRSA role. Pure: returns scripts and a pod spec.
import { TLS_MOUNT } from "./helm-values";

export const SNAPSHOT_SERVICE_ACCOUNT = "vault-snapshot";
/** The Vault role and policy `npm run vault:configure` creates for this job. */
export const SNAPSHOT_VAULT_ROLE = "raft-snapshot";
export const SNAPSHOT_PREFIX = "raft/";
/** Pinned AWS CLI v2 image for the upload step. */
export const AWS_CLI_IMAGE = "amazon/aws-cli:2.15.0";

export interface SnapshotJobSettings {
    readonly vaultImage: string;
    readonly vaultAddr: string;
    readonly bucket: string;
    readonly tlsSecretName: string;
}

export function snapshotScript(): string {
    return `#!/bin/sh
# Log in with this pod's service account token, then save a Raft snapshot for the upload container.
set -eu
jwt=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)
VAULT_TOKEN=$(vault write -field=token auth/kubernetes/login role=${SNAPSHOT_VAULT_ROLE} jwt="$jwt")
export VAULT_TOKEN
vault operator raft snapshot save /snapshots/vault.snap
echo "snapshot saved: $(wc -c < /snapshots/vault.snap) bytes"
`;
}

export function uploadScript(bucket: string): string {
    return `#!/bin/sh
# Upload under a timestamped name; the bucket encrypts with its KMS key and keeps versions.
set -eu
key="${SNAPSHOT_PREFIX}$(date -u +%Y%m%dT%H%M%SZ).snap"
aws s3 cp /snapshots/vault.snap "s3://${bucket}/$key" --only-show-errors
echo "uploaded s3://${bucket}/$key"
`;
}

export function snapshotPodSpec(s: SnapshotJobSettings): Record<string, any> {
    const nonRoot = { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
    return {
        serviceAccountName: SNAPSHOT_SERVICE_ACCOUNT,
        restartPolicy: "OnFailure",
        securityContext: { runAsUser: 100, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
        volumes: [
            { name: "snapshots", emptyDir: {} },
            { name: "tmp", emptyDir: {} },
            { name: "vault-ca", secret: { secretName: s.tlsSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] } },
        ],
        initContainers: [
            {
                name: "snapshot",
                image: s.vaultImage,
                command: ["/bin/sh", "-c", snapshotScript()],
                env: [
                    { name: "VAULT_ADDR", value: s.vaultAddr },
                    { name: "VAULT_CACERT", value: `${TLS_MOUNT}/ca.crt` },
                    { name: "HOME", value: "/tmp" },
                ],
                volumeMounts: [
                    { name: "snapshots", mountPath: "/snapshots" },
                    { name: "tmp", mountPath: "/tmp" },
                    { name: "vault-ca", mountPath: TLS_MOUNT, readOnly: true },
                ],
                securityContext: nonRoot,
            },
        ],
        containers: [
            {
                name: "upload",
                image: AWS_CLI_IMAGE,
                command: ["/bin/sh", "-c", uploadScript(s.bucket)],
                env: [{ name: "HOME", value: "/tmp" }],
                volumeMounts: [
                    { name: "snapshots", mountPath: "/snapshots", readOnly: true },
                    { name: "tmp", mountPath: "/tmp" },
                ],
                securityContext: nonRoot,
            },
        ],
    };
}
