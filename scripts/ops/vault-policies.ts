// The Vault ACL policies Strongroom writes, as HCL. Pure.
// https://developer.hashicorp.com/vault/docs/concepts/policies

export const REPLICATION_POLICY = "strongroom-replication";
export const SNAPSHOT_POLICY = "raft-snapshot";

/** Read-only on one KV v2 mount: list and read metadata, read data. Nothing else, not even the mount's config. */
export function replicationPolicy(mount: string): string {
    return `# Strongroom replication: read-only on the ${mount} KV v2 mount.
path "${mount}/metadata/*" {
  capabilities = ["read", "list"]
}

path "${mount}/data/*" {
  capabilities = ["read"]
}
`;
}

/** Taking Raft snapshots, for the snapshot CronJob. */
export function snapshotPolicy(): string {
    return `# Strongroom Raft snapshots.
path "sys/storage/raft/snapshot" {
  capabilities = ["read"]
}
`;
}

export const PROBE_POLICY = "strongroom-probe";

/** The health probe reads who leads and how Raft is doing; nothing else, not even sys/health's token-free siblings. */
export function probePolicy(): string {
    return `# Strongroom health probe: leader and Raft autopilot state, read-only.
path "sys/ha-status" {
  capabilities = ["read"]
}

path "sys/storage/raft/autopilot/state" {
  capabilities = ["read"]
}
`;
}
