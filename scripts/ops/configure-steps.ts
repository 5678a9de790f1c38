// What `vault:configure` makes true, as idempotent steps: each checks Vault first and writes only what differs.
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import NodeVault from "node-vault";
import { SNAPSHOT_SERVICE_ACCOUNT, SNAPSHOT_VAULT_ROLE } from "../../infra/vault-eks/snapshot-job";
import { iamServerId } from "../../functions/replication/aws-iam-login";
import { auditDevices } from "./audit-devices";
import { lifecycleSteps, needsAwsAuth } from "./lifecycle-steps";
import { StackOutputs } from "./stack-outputs";
import { REPLICATION_POLICY, replicationPolicy, SNAPSHOT_POLICY, snapshotPolicy } from "./vault-policies";

export interface Step {
    readonly name: string;
    /** True when Vault already has what this step writes. */
    isDone(): Promise<boolean>;
    apply(): Promise<void>;
}

/** The Vault AWS auth role the replication function logs in with (infra/replication sets VAULT_AWS_ROLE to it). */
export const REPLICATION_AWS_ROLE = "replication";
const TOKEN_PERIOD = "24h";

/** `awsEndpoint`: an AWS API emulator Vault's AWS auth calls instead of AWS (the rehearsal). Default: AWS's regional STS. */
/** `kubernetesHost`: the API server Vault's Kubernetes auth calls (the rehearsal's). Default: in-cluster https://kubernetes.default.svc. */
export function configureSteps(
    vault: NodeVault.client,
    outputs: StackOutputs,
    secrets?: SecretsManagerClient,
    awsEndpoint?: string,
    kubernetesHost = "https://kubernetes.default.svc",
): Step[] {
    const mount = outputs.replicationKvMount ?? "hybrid-aws-secrets";
    const read = async (path: string): Promise<any> => {
        try {
            return await vault.read(path);
        } catch (err) {
            if ((err as { response?: { statusCode?: number } }).response?.statusCode === 404) return undefined;
            throw err;
        }
    };
    const enabled = async (table: string, path: string) => Boolean((await read(table))?.data?.[`${path}/`]);
    const matches = async (path: string, want: Record<string, unknown>) => {
        const have = (await read(path))?.data;
        return have !== undefined && Object.entries(want).every(([k, v]) => JSON.stringify(normal(have[k])) === JSON.stringify(normal(v)));
    };
    const policyStep = (name: string, text: string): Step => ({
        name: `policy ${name}`,
        isDone: async () => (await read(`sys/policies/acl/${name}`))?.data?.policy === text,
        apply: () => vault.write(`sys/policies/acl/${name}`, { policy: text }),
    });
    // Two audit devices per layout (audit-devices.ts): Vault blocks requests only when every device fails.
    const auditSteps = (layout: StackOutputs["layout"]): Step[] =>
        auditDevices(layout).map((d) => ({
            name: `audit device ${d.path}`,
            isDone: () => enabled("sys/audit", d.path),
            apply: () => vault.write(`sys/audit/${d.path}`, { type: d.type, options: d.options }),
        }));
    const writeStep = (name: string, path: string, want: Record<string, unknown>): Step => ({
        name,
        isDone: () => matches(path, want),
        apply: () => vault.write(path, want),
    });

    const steps: Step[] = [
        {
            name: `KV v2 secrets engine at ${mount}/`,
            isDone: async () => {
                const existing = (await read("sys/mounts"))?.data?.[`${mount}/`];
                if (existing && (existing.type !== "kv" || String(existing.options?.version) !== "2")) {
                    throw new Error(
                        `${mount}/ is mounted as ${existing.type} version ${existing.options?.version ?? 1}; replication needs KV version 2 (upgrade it with \`vault kv enable-versioning ${mount}\`)`,
                    );
                }
                return Boolean(existing);
            },
            apply: () =>
                vault.write(`sys/mounts/${mount}`, { type: "kv", options: { version: "2" }, description: "Mirrored to AWS Secrets Manager by Strongroom" }),
        },
        policyStep(REPLICATION_POLICY, replicationPolicy(mount)),
        ...auditSteps(outputs.layout),
    ];

    // The replication function and the probe log in with AWS IAM auth (the probe always, replication in aws mode).
    if (needsAwsAuth(outputs)) {
        steps.push(
            { name: "auth method aws/", isDone: () => enabled("sys/auth", "aws"), apply: () => vault.write("sys/auth/aws", { type: "aws" }) },
            // The functions sign for the regional STS endpoint (reached through the VPC endpoint); Vault must replay there.
            writeStep("aws auth STS endpoint", "auth/aws/config/client", {
                sts_endpoint: awsEndpoint ?? `https://sts.${outputs.region}.amazonaws.com`,
                sts_region: outputs.region,
                ...(awsEndpoint ? { iam_endpoint: awsEndpoint } : {}),
                // A signed login is only good for this Vault: the functions sign the same host into their requests.
                iam_server_id_header_value: iamServerId(outputs.vaultAddress),
            }),
        );
    }
    if (outputs.replicationAuthMethod !== "token" && outputs.replicationRoleArn) {
        steps.push(
            writeStep(`aws auth role ${REPLICATION_AWS_ROLE}`, `auth/aws/role/${REPLICATION_AWS_ROLE}`, {
                auth_type: "iam",
                bound_iam_principal_arn: [outputs.replicationRoleArn],
                // Unique-ID resolution would need iam:GetRole on Vault's own role; the binding is to one exact ARN.
                resolve_aws_unique_ids: false,
                token_policies: [REPLICATION_POLICY],
                token_ttl: 900,
                token_max_ttl: 1800,
            }),
        );
    }

    if (outputs.layout === "eks-raft") {
        const namespace = outputs.vaultNamespace ?? "vault";
        steps.push(
            {
                name: "auth method kubernetes/",
                isDone: () => enabled("sys/auth", "kubernetes"),
                apply: () => vault.write("sys/auth/kubernetes", { type: "kubernetes" }),
            },
            // Vault runs in the cluster: it reviews tokens with its own service account and the in-cluster CA.
            writeStep("kubernetes auth config", "auth/kubernetes/config", { kubernetes_host: kubernetesHost }),
            policyStep(SNAPSHOT_POLICY, snapshotPolicy()),
            writeStep(`kubernetes auth role ${SNAPSHOT_VAULT_ROLE}`, `auth/kubernetes/role/${SNAPSHOT_VAULT_ROLE}`, {
                bound_service_account_names: [SNAPSHOT_SERVICE_ACCOUNT],
                bound_service_account_namespaces: [namespace],
                token_policies: [SNAPSHOT_POLICY],
                token_ttl: 600,
            }),
        );
    }

    steps.push(...lifecycleSteps({ policyStep, writeStep }, outputs));

    if (outputs.replicationAuthMethod === "token" && outputs.replicationConnectionSecretArn) {
        const secretId = outputs.replicationConnectionSecretArn;
        if (!secrets) throw new Error("token mode needs AWS credentials to write the connection secret");
        steps.push({
            name: "periodic replication token in the connection secret",
            isDone: async () => {
                let token: unknown;
                try {
                    const value = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
                    token = JSON.parse(value.SecretString ?? "{}").token;
                } catch {
                    return false;
                }
                if (typeof token !== "string") return false;
                const lookup = await vault.write("auth/token/lookup", { token }).catch(() => undefined);
                return Boolean(lookup?.data?.policies?.includes(REPLICATION_POLICY));
            },
            apply: async () => {
                const created = await vault.write("auth/token/create", {
                    policies: [REPLICATION_POLICY],
                    period: TOKEN_PERIOD,
                    no_parent: true,
                    renewable: true,
                    display_name: "strongroom-replication",
                });
                await secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify({ token: created.auth.client_token }) }));
            },
        });
    }
    return steps;
}

/** Vault answers arrays in its own order and numbers for durations; compare sorted, stringified forms. */
function normal(v: unknown): unknown {
    return Array.isArray(v) ? [...v].map(String).sort() : v;
}
