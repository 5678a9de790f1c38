// Rehearsal of the ec2-dynamodb layout: the dev stack's table and unseal key created in the AWS emulator exactly as
// the stack defines them, three real Vault nodes on the rendered vault.hcl, `vault:init` and `vault:configure` as an
// operator runs them, then the shipped replication bundle with AWS IAM auth against this Vault and the emulator.
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { ListSecretsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import * as fs from "fs";
import * as path from "path";
import { bundleHandler } from "../../infra/replication/bundle";
import { strongroom } from "../../stacks/program";
import { runOffline } from "../offline/recorder";
import { readStackConfig } from "../offline/stacks";
import { waitUntil } from "./children";
import { NodeTls, startEc2Nodes } from "./ec2-nodes";
import { VaultNode } from "./vault-node";
import { CuttableProxy } from "./cuttable-proxy";
import { Emulator, EMULATOR_CREDENTIALS, EMULATOR_REGION, freePort } from "./emulator";
import { runScript } from "./operator";
import { syslogSink } from "./syslog-sink";
import { vaultRequest } from "./vault-http";

const MOUNT = "hybrid-aws-secrets";
const FUNCTION_ROLE = "strongroom-rehearsal-replication";

export interface Ec2Rehearsal {
    readonly nodes: VaultNode[];
    /** The relay in front of KMS for the last node only: cut it for a KMS outage of that node. */
    readonly kmsRelay: CuttableProxy;
    readonly rootToken: string;
    /** The recovery keys vault:init printed (the rehearsal keeps them for the break-glass drill). */
    readonly recoveryKeys: string[];
    readonly tableName: string;
    readonly ca: string;
    readonly configureRuns: string[];
    /** Runs the shipped replication bundle once with these extra settings; returns its counts or throws its error. */
    replicate(extra?: Record<string, string>): Promise<Record<string, number>>;
    /** The environment the function runs with, as Lambda gives it: its settings and the execution role's credentials. */
    functionEnv(extra?: Record<string, string>): Promise<Record<string, string>>;
    /** The shipped bundle, written to the work folder. */
    readonly bundle: string;
    readonly secretsKeyId: string;
    readonly topicArn: string;
    /** The emulator's Secrets Manager secrets under the prefix, with tags. */
    copies(): Promise<{ name: string; tags: Record<string, string>; deleted: boolean }[]>;
    kv(method: "POST" | "DELETE", path: string, data?: Record<string, unknown>, via?: VaultNode): Promise<number>;
    active(): Promise<VaultNode | undefined>;
}

type Log = (line: string) => void;

/** The dev stack's table and unseal key, as its program defines them (recorded offline), created in the emulator. */
async function createStackResources(emulator: Emulator, log: Log): Promise<{ tableName: string; unsealKeyId: string; secretsKeyId: string }> {
    const run = await runOffline(strongroom, "dev", readStackConfig("dev"));
    const table = run.resources.find((r) => r.type === "aws:dynamodb/table:Table")!.inputs;
    const unsealKey = run.resources.find((r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-unseal-key"))!.inputs;
    const aws = { region: EMULATOR_REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" } };
    const tableName = "strongroom-rehearsal-vault-data";
    await new DynamoDBClient(aws).send(
        new CreateTableCommand({
            TableName: tableName,
            AttributeDefinitions: table.attributes.map((a: { name: string; type: string }) => ({ AttributeName: a.name, AttributeType: a.type })),
            KeySchema: [
                { AttributeName: table.hashKey, KeyType: "HASH" },
                ...(table.rangeKey ? [{ AttributeName: table.rangeKey, KeyType: "RANGE" as const }] : []),
            ],
            BillingMode: table.billingMode,
        }),
    );
    const kms = new KMSClient(aws);
    const created = await kms.send(
        new CreateKeyCommand({ KeySpec: unsealKey.customerMasterKeySpec, KeyUsage: unsealKey.keyUsage, Description: "rehearsal unseal key" }),
    );
    const secretsKey = await kms.send(new CreateKeyCommand({ Description: "rehearsal secrets key" }));
    log(`emulator: table ${tableName} (${table.hashKey}/${table.rangeKey}, ${table.billingMode}) and unseal key ${created.KeyMetadata!.KeyId}`);
    return { tableName, unsealKeyId: created.KeyMetadata!.KeyId!, secretsKeyId: secretsKey.KeyMetadata!.Arn! };
}

export async function rehearseEc2(opts: {
    emulator: Emulator;
    vaultBin: string;
    workDir: string;
    tls: NodeTls;
    log: Log;
    unsealKeyOverride?: string;
}): Promise<Ec2Rehearsal> {
    const { emulator, workDir, tls, log } = opts;
    const { tableName, unsealKeyId, secretsKeyId } = await createStackResources(emulator, log);
    const kmsRelay = new CuttableProxy(await freePort(), { host: "127.0.0.1", port: Number(new URL(emulator.endpoint).port) });
    await kmsRelay.open();
    const nodes = await startEc2Nodes({
        count: 3,
        vaultBin: opts.vaultBin,
        workDir,
        awsEndpoint: emulator.endpoint,
        kmsEndpoints: [undefined, undefined, kmsRelay.endpoint],
        tableName,
        unsealKeyId: opts.unsealKeyOverride ?? unsealKeyId,
        tls,
    });
    log(`vault: 3 nodes listening at ${nodes.map((n) => n.address).join(", ")}`);

    const aws = { region: EMULATOR_REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" } };
    const role = await new IAMClient(aws).send(
        new CreateRoleCommand({
            RoleName: FUNCTION_ROLE,
            AssumeRolePolicyDocument: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }),
    );
    const topic = await new SNSClient(aws).send(new CreateTopicCommand({ Name: "strongroom-rehearsal-alerts" }));
    const outputsFile = path.join(workDir, "outputs.json");
    fs.writeFileSync(
        outputsFile,
        JSON.stringify({
            layout: "ec2-dynamodb",
            region: EMULATOR_REGION,
            vaultAddress: nodes[0].address,
            vaultCaCertPem: tls.caCert,
            replicationKvMount: MOUNT,
            replicationAuthMethod: "aws",
            replicationRoleArn: role.Role!.Arn,
        }),
    );

    const init = await runScript("vault-init.ts", ["--stack", "rehearsal", "--outputs", outputsFile]);
    const rootToken = /Initial root token: (\S+)/.exec(init)?.[1];
    if (!rootToken) throw new Error("rehearsal: vault:init printed no root token");
    log("vault:init: initialised with KMS auto-unseal (recovery keys printed once, kept nowhere)");
    const active = async () => {
        for (const node of nodes)
            if ((await vaultRequest(node.address, tls.caCert, "GET", "sys/health").catch(() => ({ status: 0 }))).status === 200) return node;
        return undefined;
    };
    await waitUntil("an active, unsealed node", async () => (await active()) !== undefined, 60_000);

    await syslogSink(workDir); // the second audit device's target, as journald is on the nodes
    const configure = () =>
        runScript("vault-configure.ts", ["--stack", "rehearsal", "--outputs", outputsFile, "--aws-endpoint", emulator.endpoint], { VAULT_TOKEN: rootToken });
    const configureRuns = [await configure(), await configure()];
    log(
        `vault:configure: ${/(\d+) change\(s\)/.exec(configureRuns[0])?.[1]} change(s), then ${/(\d+) change\(s\)/.exec(configureRuns[1])?.[1]} on the second run`,
    );

    const bundle = path.join(workDir, "replication.js");
    fs.writeFileSync(bundle, bundleHandler());
    const sts = new STSClient(aws);
    const sm = new SecretsManagerClient(aws);
    const functionEnv = async (extra: Record<string, string> = {}): Promise<Record<string, string>> => {
        // The function's own credentials, as Lambda gives them: the execution role's, from the emulator's STS.
        const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: "replication" }));
        return {
            ...EMULATOR_CREDENTIALS,
            AWS_ACCESS_KEY_ID: assumed.Credentials!.AccessKeyId!,
            AWS_SECRET_ACCESS_KEY: assumed.Credentials!.SecretAccessKey!,
            AWS_SESSION_TOKEN: assumed.Credentials!.SessionToken!,
            AWS_ENDPOINT_URL: emulator.endpoint,
            VAULT_ADDR: nodes[0].address,
            VAULT_CA_CERT: tls.caCert,
            VAULT_KV_MOUNT: MOUNT,
            VAULT_AUTH_METHOD: "aws",
            VAULT_AWS_ROLE: "replication",
            VAULT_AWS_IAM_SERVER_ID: "127.0.0.1",
            SECRETS_PREFIX: MOUNT,
            SECRETS_KMS_KEY_ID: secretsKeyId,
            FAILURE_TOPIC_ARN: topic.TopicArn!,
            ...extra,
        };
    };
    return {
        nodes,
        kmsRelay,
        rootToken,
        recoveryKeys: [...init.matchAll(/^Recovery key \d+: (\S+)$/gm)].map((m) => m[1]),
        tableName,
        ca: tls.caCert,
        configureRuns,
        active,
        bundle,
        secretsKeyId,
        topicArn: topic.TopicArn!,
        functionEnv,
        async replicate(extra = {}) {
            const env = await functionEnv(extra);
            const saved = { ...process.env };
            Object.assign(process.env, env);
            try {
                const { createHandler } = require(bundle);
                return await createHandler({ env, log: { info() {}, error() {} } })({}, {});
            } finally {
                for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
                Object.assign(process.env, saved);
            }
        },
        async copies() {
            const page = await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true, MaxResults: 100 }));
            return (page.SecretList ?? [])
                .filter((s) => s.Name?.startsWith(`${MOUNT}/`))
                .map((s) => ({ name: s.Name!, tags: Object.fromEntries((s.Tags ?? []).map((t) => [t.Key!, t.Value!])), deleted: s.DeletedDate !== undefined }));
        },
        async kv(method, kvPath, data, via) {
            const node = via ?? (await active()) ?? nodes[0];
            const reply =
                method === "POST"
                    ? await vaultRequest(node.address, tls.caCert, "POST", `${MOUNT}/data/${kvPath}`, rootToken, { data })
                    : await vaultRequest(node.address, tls.caCert, "DELETE", `${MOUNT}/metadata/${kvPath}`, rootToken);
            return reply.status;
        },
    };
}
