// The probe's settings, from exactly the environment infra/probe sets. A missing or malformed value fails the run
// at once, naming the variable (the missing metrics then fire every alarm: missing data is breaching).

export type Discovery =
    | { readonly kind: "asg"; readonly groupName: string }
    | { readonly kind: "kubernetes"; readonly endpoint: string; readonly caPem: string; readonly clusterName: string; readonly namespace: string }
    | { readonly kind: "static"; readonly addresses: string[] };

export type BackupSource =
    { readonly kind: "aws-backup"; readonly vaultName: string } | { readonly kind: "s3"; readonly bucket: string; readonly prefix: string };

export interface ProbeSettings {
    readonly stack: string;
    readonly raft: boolean;
    readonly expectedNodes: number;
    readonly discovery: Discovery;
    /** Where the token-bearing reads go: the load balancer (ec2) or any node that answered (eks, empty here). */
    readonly vaultAddr?: string;
    /** The stack's CA: verifies the load balancer (ec2) or every pod (eks), and its own expiry is watched. */
    readonly caPem?: string;
    /** eks: each pod's certificate names `<pod>.<this>`; ec2 nodes carry their own self-signed certificates. */
    readonly nodeServerNameSuffix?: string;
    readonly auth: { readonly role: string; readonly mount: string; readonly serverId?: string };
    readonly backup: BackupSource;
    readonly region: string;
    readonly timeoutMs: number;
}

export function readProbeSettings(env: NodeJS.ProcessEnv = process.env): ProbeSettings {
    const get = (name: string) => (env[name] ?? "").trim();
    const need = (name: string) => {
        const v = get(name);
        if (!v) throw new Error(`${name} is not set; infra/probe sets it`);
        return v;
    };
    const expectedNodes = Number(need("EXPECTED_NODES"));
    if (!Number.isInteger(expectedNodes) || expectedNodes < 1) throw new Error(`EXPECTED_NODES is "${get("EXPECTED_NODES")}"; use a whole number`);
    const kind = need("DISCOVERY");
    const discovery: Discovery =
        kind === "asg"
            ? { kind, groupName: need("ASG_NAME") }
            : kind === "kubernetes"
              ? {
                    kind,
                    endpoint: need("EKS_ENDPOINT"),
                    caPem: Buffer.from(need("EKS_CA_DATA"), "base64").toString("utf8"),
                    clusterName: need("EKS_CLUSTER_NAME"),
                    namespace: need("VAULT_NAMESPACE"),
                }
              : kind === "static"
                ? {
                      kind,
                      addresses: need("VAULT_NODES")
                          .split(",")
                          .map((a) => a.trim())
                          .filter(Boolean),
                  }
                : fail(`DISCOVERY is "${kind}"; use asg, kubernetes or static`);
    const source = need("BACKUP_SOURCE");
    const backup: BackupSource =
        source === "aws-backup"
            ? { kind: source, vaultName: need("BACKUP_VAULT_NAME") }
            : source === "s3"
              ? { kind: source, bucket: need("SNAPSHOT_BUCKET"), prefix: get("SNAPSHOT_PREFIX") }
              : fail(`BACKUP_SOURCE is "${source}"; use aws-backup or s3`);
    const caPem = get("VAULT_CA_CERT") || undefined;
    if (caPem && !caPem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("VAULT_CA_CERT is not a PEM certificate");
    return {
        stack: need("STACK_NAME"),
        raft: need("STORAGE") === "raft",
        expectedNodes,
        discovery,
        vaultAddr: get("VAULT_ADDR").replace(/\/+$/, "") || undefined,
        caPem,
        nodeServerNameSuffix: get("NODE_SERVER_NAME_SUFFIX") || undefined,
        auth: { role: need("VAULT_AWS_ROLE"), mount: get("VAULT_AWS_AUTH_MOUNT") || "aws", serverId: get("VAULT_AWS_IAM_SERVER_ID") || undefined },
        backup,
        region: need("AWS_REGION"),
        timeoutMs: Number(get("PROBE_TIMEOUT_MS") || 5000),
    };
}

function fail(message: string): never {
    throw new Error(message);
}
