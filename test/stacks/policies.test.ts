// The pack over every shipped stack, and proof that it bites: remove one guard from the real infrastructure and a
// mandatory rule must fail.
import * as assert from "assert";
import { Verdict } from "../../policies/offline";
import { OfflineRun, RecordedResource } from "../../scripts/offline/recorder";
import { shippedStacks } from "../../scripts/offline/stacks";
import { judge } from "../../scripts/offline/verdicts";
import { planStack } from "../support/stack";

/** Advisory verdicts a shipped stack may carry, with why. None today. */
const ACCEPTED_ADVISORY: Record<string, string[]> = {};

function mutated(run: OfflineRun, match: (r: RecordedResource) => boolean, change: (inputs: Record<string, any>) => void): OfflineRun {
    let hits = 0;
    const resources = run.resources.map((r) => {
        if (!match(r)) return r;
        hits++;
        const inputs = JSON.parse(JSON.stringify(r.inputs));
        change(inputs);
        return { ...r, inputs };
    });
    assert.ok(hits > 0, "the mutation matched no resource");
    return { ...run, resources };
}

const editPolicy = (edit: (doc: { Statement: any[] }) => void) => (inputs: Record<string, any>) => {
    const doc = JSON.parse(inputs.policy);
    edit(doc);
    inputs.policy = JSON.stringify(doc);
};
const failures = (verdicts: Verdict[]) => verdicts.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy);

describe("policy pack over the shipped stacks", () => {
    for (const stack of shippedStacks()) {
        it(`${stack}: no mandatory violation, no unexpected advisory one`, async () => {
            const verdicts = await judge(await planStack(stack));
            assert.deepStrictEqual(
                verdicts.filter((v) => v.enforcementLevel === "mandatory"),
                [],
            );
            assert.deepStrictEqual(verdicts.map((v) => v.policy).sort(), (ACCEPTED_ADVISORY[stack] ?? []).sort());
        });
    }

    const MUTATIONS: [string, string, (r: RecordedResource) => boolean, (inputs: Record<string, any>) => void, string][] = [
        [
            "dev",
            "the replication role loses its Deny guard",
            (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-replication-fn"),
            editPolicy((d) => (d.Statement = d.Statement.filter((s) => s.Sid !== "NoWritesOutsidePrefix"))),
            "strongroom-iam-replication-role-guard",
        ],
        [
            "dev",
            "the replication role may write any secret",
            (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-replication-fn"),
            editPolicy((d) => (d.Statement.find((s) => s.Sid === "WriteReplicas").Resource = ["*"])),
            "strongroom-iam-scoped-writes",
        ],
        [
            "dev",
            "the node role's DynamoDB access is unscoped",
            (r) => r.name.endsWith("-node-storage"),
            editPolicy((d) => (d.Statement[0].Resource = ["*"])),
            "strongroom-iam-scoped-writes",
        ],
        [
            "dev",
            "the unseal policy allows kms:*",
            (r) => r.name.endsWith("-node-unseal"),
            editPolicy((d) => (d.Statement[0].Action = ["kms:*"])),
            "strongroom-iam-no-service-wildcard",
        ],
        [
            "dev",
            "IMDSv2 becomes optional",
            (r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate",
            (i) => (i.metadataOptions.httpTokens = "optional"),
            "strongroom-ec2-imdsv2",
        ],
        ["dev", "the unseal key stops rotating", (r) => r.name.endsWith("-unseal-key"), (i) => (i.enableKeyRotation = false), "strongroom-kms-rotation"],
        [
            "dev",
            "the table loses PITR",
            (r) => r.type === "aws:dynamodb/table:Table",
            (i) => (i.pointInTimeRecovery.enabled = false),
            "strongroom-dynamodb-cmk-and-pitr",
        ],
        [
            "dev",
            "Vault's port opens to the internet",
            (r) => r.name.endsWith("-sg-node-api"),
            (i) => Object.assign(i, { cidrIpv4: "0.0.0.0/0", referencedSecurityGroupId: undefined }),
            "strongroom-ec2-security-group-ingress",
        ],
        [
            "dev",
            "the HTTPS listener takes an old TLS policy",
            (r) => r.name.endsWith("-lb-https"),
            (i) => (i.sslPolicy = "ELBSecurityPolicy-2016-08"),
            "strongroom-lb-listener-tls",
        ],
        [
            "dev",
            "the schedule permission loses its source ARN",
            (r) => r.type === "aws:lambda/permission:Permission",
            (i) => delete i.sourceArn,
            "strongroom-lambda-permissions",
        ],
        [
            "prod",
            "the IRSA trust loses its sub condition",
            (r) => r.name.endsWith("-vault-irsa") && r.type === "aws:iam/role:Role",
            (i) => {
                const d = JSON.parse(i.assumeRolePolicy);
                for (const k of Object.keys(d.Statement[0].Condition.StringEquals)) if (k.endsWith(":sub")) delete d.Statement[0].Condition.StringEquals[k];
                i.assumeRolePolicy = JSON.stringify(d);
            },
            "strongroom-iam-trust-policy",
        ],
        [
            "prod",
            "the chart turns TLS off",
            (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "vault",
            (i) => (i.values.global.tlsDisable = true),
            "strongroom-vault-helm-release",
        ],
        [
            "prod",
            "the snapshot bucket's versioning is suspended",
            (r) => r.type === "aws:s3/bucketVersioning:BucketVersioning",
            (i) => (i.versioningConfiguration.status = "Suspended"),
            "strongroom-s3-versioning",
        ],
        [
            "prod",
            "the snapshot bucket's public access block is relaxed",
            (r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            (i) => (i.restrictPublicBuckets = false),
            "strongroom-s3-public-access-block",
        ],
        [
            "prod",
            "the EKS endpoint opens to the internet",
            (r) => r.type === "aws:eks/cluster:Cluster",
            (i) => Object.assign(i.vpcConfig, { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }),
            "strongroom-eks-cluster",
        ],
        [
            "dev",
            "the alert topic lets any account's alarms publish",
            (r) => r.type === "aws:sns/topicPolicy:TopicPolicy",
            editPolicy((d) => delete d.Statement.find((s) => s.Sid === "AlarmsPublish").Condition),
            "strongroom-resource-policy-principals",
        ],
        [
            "prod",
            "the data key gives a role a glob reaching administration",
            (r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-data-key"),
            editPolicy((d) =>
                d.Statement.push({ Sid: "Wide", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/app" }, Action: "kms:*Key", Resource: "*" }),
            ),
            "strongroom-kms-key-policy",
        ],
    ];
    for (const [stack, what, match, change, policy] of MUTATIONS) {
        it(`bites when ${what} (${stack})`, async () => {
            const verdicts = await judge(mutated(await planStack(stack), match, change));
            assert.ok(failures(verdicts).includes(policy), `expected ${policy}, got ${JSON.stringify(failures(verdicts))}`);
        });
    }
});
