// Least privilege, proven by a real IAM evaluation engine over the dev stack's recorded policies: every call a
// workload makes at run time is Allowed through its identity policies AND the key policy of the key involved
// (including KMS calls AWS services make with the caller's identity), and calls it must never make are Denied,
// naming the statement that denies them where one does. (A first slice of the access matrix: the Vault node role
// and the replication function's role in aws mode.)
import * as assert from "assert";
import { OfflineRun } from "../../scripts/offline/recorder";
import { doc, one, planStack } from "../support/stack";
import { Call, evaluate, rolePolicies } from "./evaluate";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const keyArn = (run: OfflineRun, suffix: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${one(run, "aws:kms/key:Key", suffix).name}-key-id`;
const keyPolicy = (run: OfflineRun, suffix: string) => doc(one(run, "aws:kms/key:Key", suffix).inputs.policy);

interface Case extends Call {
    readonly why: string;
    /** For a call that must be refused: the statement that refuses it, or "implicit" when nothing allows it. */
    readonly deniedBy?: string;
}

async function check(principal: string, policies: { name: string; policy: unknown }[], cases: Case[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const c of cases) {
        const verdict = await evaluate(principal, policies, c);
        const want = c.deniedBy === undefined ? "Allowed" : c.deniedBy === "implicit" ? "ImplicitlyDenied" : "ExplicitlyDenied";
        if (verdict.result !== want) wrong.push(`${c.why}: ${c.action} on ${c.resource} is ${verdict.result}, expected ${want}`);
        else if (c.deniedBy && c.deniedBy !== "implicit" && !verdict.deniedBy.includes(c.deniedBy))
            wrong.push(`${c.why}: denied by ${verdict.deniedBy.join(", ")}, not ${c.deniedBy}`);
    }
    return wrong;
}

function nodeRoleCases(run: OfflineRun): Case[] {
    const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${one(run, "aws:dynamodb/table:Table").name}-0000000`;
    const dataKey = keyArn(run, "-data-key");
    const unsealKey = keyArn(run, "-vault-unseal-key");
    const audit = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${one(run, "aws:cloudwatch/logGroup:LogGroup", "-vault-audit").name}-0000000`;
    const viaDynamoDb = { "kms:ViaService": `dynamodb.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT };
    return [
        ...["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem"].map((action) => ({
            why: "Vault storage",
            action,
            resource: table,
        })),
        ...["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"].map((action) => ({
            why: "DynamoDB uses the table's key with the node's identity",
            action,
            resource: dataKey,
            context: viaDynamoDb,
            resourcePolicy: keyPolicy(run, "-data-key"),
        })),
        ...["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"].map((action) => ({
            why: "auto-unseal",
            action,
            resource: unsealKey,
            resourcePolicy: keyPolicy(run, "-vault-unseal-key"),
        })),
        { why: "ships the audit log", action: "logs:PutLogEvents", resource: `${audit}:log-stream:i-0123`, context: {} },
        // Never:
        {
            why: "the table's key outside DynamoDB",
            action: "kms:Decrypt",
            resource: dataKey,
            resourcePolicy: keyPolicy(run, "-data-key"),
            deniedBy: "TableKeyOnlyThroughDynamoDB",
        },
        { why: "another key", action: "kms:Decrypt", resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/another`, deniedBy: "NoOtherKeys" },
        {
            why: "administering the unseal key",
            action: "kms:ScheduleKeyDeletion",
            resource: unsealKey,
            resourcePolicy: keyPolicy(run, "-vault-unseal-key"),
            deniedBy: "implicit",
        },
        { why: "deleting the table", action: "dynamodb:DeleteTable", resource: table, deniedBy: "implicit" },
        { why: "another table", action: "dynamodb:GetItem", resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/other`, deniedBy: "implicit" },
        { why: "handing roles on", action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/admin`, deniedBy: "implicit" },
        {
            why: "replicated secrets",
            action: "secretsmanager:GetSecretValue",
            resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:hybrid-aws-secrets/a-AbCdEf`,
            deniedBy: "implicit",
        },
    ];
}

function replicationCases(run: OfflineRun): Case[] {
    const secret = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
    const secretsKey = keyArn(run, "-replication-secrets-key");
    const viaSecretsManager = { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT };
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:${one(run, "aws:sns/topic:Topic").name}-0000000`;
    return [
        ...[
            "secretsmanager:CreateSecret",
            "secretsmanager:PutSecretValue",
            "secretsmanager:TagResource",
            "secretsmanager:DeleteSecret",
            "secretsmanager:RestoreSecret",
        ].map((action) => ({ why: "writes its copies", action, resource: secret("hybrid-aws-secrets/team/db") })),
        { why: "lists its copies (no resource-level permission exists)", action: "secretsmanager:ListSecrets", resource: "*" },
        ...["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
            why: "Secrets Manager encrypts copies with the secrets key, as the function",
            action,
            resource: secretsKey,
            context: viaSecretsManager,
            resourcePolicy: keyPolicy(run, "-replication-secrets-key"),
        })),
        { why: "reports failures", action: "sns:Publish", resource: topic },
        // Never:
        {
            why: "reads no secret values in aws mode",
            action: "secretsmanager:GetSecretValue",
            resource: secret("hybrid-aws-secrets/team/db"),
            deniedBy: "NoSecretValues",
        },
        { why: "another prefix's secrets", action: "secretsmanager:PutSecretValue", resource: secret("payments/db"), deniedBy: "NoWritesOutsidePrefix" },
        { why: "another key", action: "kms:Decrypt", resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/another`, deniedBy: "NoOtherKeys" },
        { why: "another topic", action: "sns:Publish", resource: `arn:aws:sns:${REGION}:${ACCOUNT}:other`, deniedBy: "NoOtherTopics" },
        { why: "handing roles on", action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/admin`, deniedBy: "implicit" },
    ];
}

function prodCases(run: OfflineRun): { vault: Case[]; snapshots: Case[]; csi: Case[] } {
    const unsealKey = keyArn(run, "-vault-unseal-key");
    const dataKey = keyArn(run, "-data-key");
    const bucket = `arn:aws:s3:::${one(run, "aws:s3/bucket:Bucket").name}-0000000`;
    const bucketPolicy = doc(one(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    const tls = { "aws:SecureTransport": "true" };
    return {
        vault: [
            ...["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"].map((action) => ({
                why: "auto-unseal through IRSA",
                action,
                resource: unsealKey,
                resourcePolicy: keyPolicy(run, "-vault-unseal-key"),
            })),
            { why: "another key", action: "kms:Decrypt", resource: dataKey, resourcePolicy: keyPolicy(run, "-data-key"), deniedBy: "NoOtherKeys" },
            {
                why: "administering the unseal key",
                action: "kms:ScheduleKeyDeletion",
                resource: unsealKey,
                resourcePolicy: keyPolicy(run, "-vault-unseal-key"),
                deniedBy: "implicit",
            },
        ],
        snapshots: [
            { why: "uploads a Raft snapshot", action: "s3:PutObject", resource: `${bucket}/raft/2026-11-26.snap`, context: tls, resourcePolicy: bucketPolicy },
            {
                why: "reads snapshots back",
                action: "s3:GetObject",
                resource: `${bucket}/raft/2026-11-26.snap`,
                context: tls,
                resourcePolicy: bucketPolicy,
                deniedBy: "implicit",
            },
            {
                why: "deletes snapshots",
                action: "s3:DeleteObject",
                resource: `${bucket}/raft/2026-11-26.snap`,
                context: tls,
                resourcePolicy: bucketPolicy,
                deniedBy: "implicit",
            },
            {
                why: "writes outside raft/",
                action: "s3:PutObject",
                resource: `${bucket}/other`,
                context: tls,
                resourcePolicy: bucketPolicy,
                deniedBy: "implicit",
            },
            {
                why: "uploads without TLS",
                action: "s3:PutObject",
                resource: `${bucket}/raft/x.snap`,
                context: { "aws:SecureTransport": "false" },
                resourcePolicy: bucketPolicy,
                deniedBy: "TlsOnly",
            },
        ],
        csi: [
            {
                why: "grants EC2 the data key for an encrypted volume",
                action: "kms:CreateGrant",
                resource: dataKey,
                context: { "kms:GrantIsForAWSResource": "true" },
                resourcePolicy: keyPolicy(run, "-data-key"),
            },
            {
                why: "the unseal key",
                action: "kms:Decrypt",
                resource: unsealKey,
                resourcePolicy: keyPolicy(run, "-vault-unseal-key"),
                deniedBy: "NoUseByOthers",
            },
        ],
    };
}

describe("access matrix (dev), evaluated by a real IAM engine", function () {
    this.timeout(60_000);
    // Role sessions, as the instance profile and Lambda give them; aws:PrincipalArn is the role's ARN.
    const node = `arn:aws:sts::${ACCOUNT}:assumed-role/strongroom-dev-vault-node-0000000/i-0123`;
    const fn = `arn:aws:sts::${ACCOUNT}:assumed-role/strongroom-dev-replication-fn-0000000/replication`;

    it("the Vault node role: its run-time calls are Allowed, what it must never do is Denied", async () => {
        const run = await planStack("dev");
        assert.deepStrictEqual(await check(node, rolePolicies(run, "strongroom-dev-vault-node"), nodeRoleCases(run)), []);
    });

    it("the replication function's role (aws mode): its run-time calls are Allowed, what it must never do is Denied", async () => {
        const run = await planStack("dev");
        assert.deepStrictEqual(await check(fn, rolePolicies(run, "strongroom-dev-replication-fn"), replicationCases(run)), []);
    });

    it("fails on the first version's node role: the table's key denied through DynamoDB by NoOtherKeys", async () => {
        const run = await planStack("dev");
        const unsealKey = keyArn(run, "-vault-unseal-key");
        const old = rolePolicies(run, "strongroom-dev-vault-node")
            .filter((p) => !p.name.endsWith("-table-key"))
            .map((p) =>
                p.name.endsWith("-unseal")
                    ? {
                          ...p,
                          policy: {
                              Version: "2012-10-17",
                              Statement: [(p.policy as any).Statement[0], { Sid: "NoOtherKeys", Effect: "Deny", Action: ["kms:*"], NotResource: [unsealKey] }],
                          },
                      }
                    : p,
            );
        const problems = await check(node, old, nodeRoleCases(run));
        assert.ok(
            problems.some((p) => /DynamoDB uses the table's key.*ExplicitlyDenied/.test(p)),
            problems.join("\n"),
        );
    });

    it("fails when a scoped resource is widened to * (and its guard dropped)", async () => {
        const run = await planStack("dev");
        const widened = rolePolicies(run, "strongroom-dev-replication-fn").map((p) => {
            const statements = (p.policy as any).Statement.filter((s: any) => s.Sid !== "NoWritesOutsidePrefix").map((s: any) =>
                s.Sid === "WriteReplicas" ? { ...s, Resource: ["*"] } : s,
            );
            return { ...p, policy: { ...(p.policy as any), Statement: statements } };
        });
        const problems = await check(fn, widened, replicationCases(run));
        assert.ok(
            problems.some((p) => /another prefix's secrets.*is Allowed/.test(p)),
            problems.join("\n"),
        );
    });
});

describe("access matrix (prod, eks-raft), evaluated by a real IAM engine", function () {
    this.timeout(60_000);
    const session = (role: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}-0000000/pod`;

    for (const [workload, role] of [
        ["vault", "strongroom-prod-vault-irsa"],
        ["snapshots", "strongroom-prod-vault-snapshots-irsa"],
        ["csi", "strongroom-prod-vault-ebs-csi"],
    ] as const) {
        it(`the ${workload} IRSA role: its calls are Allowed, what it must never do is Denied`, async () => {
            const run = await planStack("prod");
            assert.deepStrictEqual(await check(session(role), rolePolicies(run, role), prodCases(run)[workload]), []);
        });
    }
});
