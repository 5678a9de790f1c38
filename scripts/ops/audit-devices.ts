// The audit devices vault:configure enables, two per layout. Vault answers a request once at least one device has
// logged it, so with a single device a full disk or a lost permission stops every request; with two on different
// media, one can fail with an error while Vault keeps answering and the other keeps the trail. (A device that hangs
// still holds requests: neither is a network socket.) https://developer.hashicorp.com/vault/docs/audit
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
            why: "the encrypted audit volume: a failing stdout write does not stop Vault",
        },
    ];
}
