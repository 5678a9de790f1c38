// The audit devices vault:configure enables, two per layout. Vault answers a request only once at least one device
// has logged it, so with a single device a full disk or a stalled log pipe stops every request; with two on
// different media, one can fail while Vault keeps answering and the other keeps the trail.
// https://developer.hashicorp.com/vault/docs/audit#blocked-audit-devices
import { AUDIT_LOG } from "../../infra/vault-ec2/audit-shipping";

export interface AuditDevice {
    /** Where it is mounted under sys/audit/. */
    readonly path: string;
    readonly type: "file" | "syslog";
    readonly options: Record<string, string>;
    /** Why this device, in one line (printed nowhere; read by people). */
    readonly why: string;
}

/** On eks-raft, the chart mounts the audit volume (auditStorage) here. */
export const EKS_AUDIT_DIR = "/vault/audit";

export function auditDevices(layout: "ec2-dynamodb" | "eks-raft"): AuditDevice[] {
    if (layout === "ec2-dynamodb") {
        return [
            { path: "file", type: "file", options: { file_path: AUDIT_LOG, mode: "0600" }, why: "shipped to CloudWatch by the agent, rotated daily" },
            {
                path: "syslog",
                type: "syslog",
                options: { facility: "AUTH", tag: "vault-audit" },
                why: "journald through /dev/log (kept under the unit's PrivateDevices): a full or unwritable log file does not stop Vault",
            },
        ];
    }
    return [
        { path: "stdout", type: "file", options: { file_path: "stdout" }, why: "shipped from the pods by the CloudWatch Observability add-on" },
        {
            path: "file",
            type: "file",
            options: { file_path: `${EKS_AUDIT_DIR}/vault-audit.log`, mode: "0600" },
            why: "the encrypted audit volume: a stalled container log pipe does not stop Vault",
        },
    ];
}
