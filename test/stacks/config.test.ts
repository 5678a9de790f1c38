import * as assert from "assert";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { ProgramFailed } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";
import { planWith } from "../support/stack";

interface BadConfig {
    readonly what: string;
    readonly base: "dev" | "prod";
    readonly edit: Record<string, string | undefined>;
    /** Every key the error must name. */
    readonly keys: string[];
}

const BAD_CONFIGS: BadConfig[] = [
    { what: "wrong layout name", base: "dev", edit: { "strongroom:layout": "ec2" }, keys: ["strongroom:layout"] },
    { what: "missing layout", base: "dev", edit: { "strongroom:layout": undefined }, keys: ["strongroom:layout"] },
    { what: "missing region", base: "dev", edit: { "aws:region": undefined }, keys: ["aws:region"] },
    { what: "malformed region", base: "dev", edit: { "aws:region": "Ireland" }, keys: ["aws:region"] },
    { what: "nodeCount 1", base: "dev", edit: { "strongroom:nodeCount": "1" }, keys: ["strongroom:nodeCount"] },
    { what: "nodeCount not a number", base: "dev", edit: { "strongroom:nodeCount": "three" }, keys: ["strongroom:nodeCount"] },
    { what: "one availability zone", base: "dev", edit: { "strongroom:azCount": "1" }, keys: ["strongroom:azCount"] },
    { what: "bad instance type string", base: "dev", edit: { "strongroom:instanceType": "t4g-small" }, keys: ["strongroom:instanceType"] },
    { what: "invalid VPC CIDR", base: "dev", edit: { "strongroom:vpcCidr": "10.20.0.0/33" }, keys: ["strongroom:vpcCidr"] },
    { what: "VPC CIDR with host bits", base: "dev", edit: { "strongroom:vpcCidr": "10.20.1.0/16" }, keys: ["strongroom:vpcCidr"] },
    { what: "VPC CIDR too small", base: "dev", edit: { "strongroom:vpcCidr": "10.20.0.0/26" }, keys: ["strongroom:vpcCidr"] },
    { what: "invalid client CIDR", base: "dev", edit: { "strongroom:allowedCidrs": '["10.0.0.0/8","300.1.0.0/16"]' }, keys: ["strongroom:allowedCidrs[1]"] },
    { what: "no client CIDRs", base: "dev", edit: { "strongroom:allowedCidrs": "[]" }, keys: ["strongroom:allowedCidrs"] },
    {
        what: "the internet on an internal load balancer",
        base: "dev",
        edit: { "strongroom:allowedCidrs": '["0.0.0.0/0"]' },
        keys: ["strongroom:allowedCidrs[0]"],
    },
    { what: "eks key on the ec2 layout", base: "dev", edit: { "strongroom:vaultReplicas": "3" }, keys: ["strongroom:vaultReplicas"] },
    { what: "ec2 key on the eks layout", base: "prod", edit: { "strongroom:nodeCount": "3" }, keys: ["strongroom:nodeCount"] },
    { what: "unknown key", base: "dev", edit: { "strongroom:nodecount": "3" }, keys: ["strongroom:nodecount"] },
    { what: "bad vault version", base: "dev", edit: { "strongroom:vaultVersion": "latest" }, keys: ["strongroom:vaultVersion"] },
    { what: "bad schedule", base: "dev", edit: { "strongroom:replicationSchedule": "every 30 minutes" }, keys: ["strongroom:replicationSchedule"] },
    {
        what: "recovery window out of range",
        base: "dev",
        edit: { "strongroom:replicationRecoveryWindowDays": "3" },
        keys: ["strongroom:replicationRecoveryWindowDays"],
    },
    { what: "bad certificate ARN", base: "dev", edit: { "strongroom:certificateArn": "my-cert" }, keys: ["strongroom:certificateArn"] },
    {
        what: "even replica count",
        base: "prod",
        edit: { "strongroom:vaultReplicas": "4", "strongroom:nodeGroupSize": "4" },
        keys: ["strongroom:vaultReplicas"],
    },
    { what: "fewer than 3 AZs for eks", base: "prod", edit: { "strongroom:azCount": "2" }, keys: ["strongroom:azCount"] },
    { what: "unknown chart version format", base: "prod", edit: { "strongroom:helmChartVersion": "v0.34" }, keys: ["strongroom:helmChartVersion"] },
    {
        what: "public EKS endpoint open to the internet",
        base: "prod",
        edit: { "strongroom:endpointPublicAccessCidrs": '["0.0.0.0/0"]' },
        keys: ["strongroom:endpointPublicAccessCidrs[0]"],
    },
    { what: "service CIDR overlapping the VPC", base: "prod", edit: { "strongroom:serviceCidr": "10.20.128.0/20" }, keys: ["strongroom:serviceCidr"] },
    { what: "fewer nodes than Vault pods", base: "prod", edit: { "strongroom:nodeGroupSize": "3" }, keys: ["strongroom:nodeGroupSize"] },
    {
        what: "an ACM certificate without its domain name",
        base: "dev",
        edit: { "strongroom:certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/0b6a5c1e-7d2f-4c8e-9a51-3f0e2d4b6c7a" },
        keys: ["strongroom:vaultDomain"],
    },
    {
        what: "ec2 replication behind a public load balancer",
        base: "dev",
        edit: { "strongroom:loadBalancerScheme": "internet-facing" },
        keys: ["strongroom:loadBalancerScheme"],
    },
    {
        what: "eks replication with no way to reach Vault",
        base: "prod",
        edit: { "strongroom:internalLoadBalancer": "false" },
        keys: ["strongroom:internalLoadBalancer"],
    },
    { what: "bad snapshot schedule", base: "prod", edit: { "strongroom:snapshotSchedule": "hourly" }, keys: ["strongroom:snapshotSchedule"] },
    { what: "bad table backup schedule", base: "dev", edit: { "strongroom:tableBackupSchedule": "0 3 * * *" }, keys: ["strongroom:tableBackupSchedule"] },
    { what: "backup retention out of range", base: "dev", edit: { "strongroom:backupRetentionDays": "1" }, keys: ["strongroom:backupRetentionDays"] },
    {
        what: "a secret reader that is not a role ARN",
        base: "dev",
        edit: { "strongroom:replicationSecretReaderArns": '["rds-proxy"]' },
        keys: ["strongroom:replicationSecretReaderArns[0]"],
    },
    {
        what: "existing subnets without the VPC",
        base: "dev",
        edit: { "strongroom:existingPrivateSubnetIds": '["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]' },
        keys: ["strongroom:existingVpcId", "strongroom:existingVpcEndpoints"],
    },
    // #24: where pulumi up runs, who may use the cluster, versions, subnets.
    { what: "eks without deployFrom", base: "prod", edit: { "strongroom:deployFrom": undefined }, keys: ["strongroom:deployFrom"] },
    {
        what: "deploying from the internet to a private-only endpoint",
        base: "prod",
        edit: { "strongroom:endpointPublicAccessCidrs": "[]" },
        keys: ["strongroom:endpointPublicAccessCidrs"],
    },
    {
        what: "deploying from a VPC this stack creates",
        base: "prod",
        edit: { "strongroom:deployFrom": "vpc", "strongroom:endpointPrivateAccessCidrs": '["10.30.1.0/24"]' },
        keys: ["strongroom:deployFrom"],
    },
    {
        what: "deploying from an existing VPC no rule admits",
        base: "prod",
        edit: {
            "strongroom:deployFrom": "vpc",
            "strongroom:existingVpcId": "vpc-0a1b2c3d4e5f60718",
            "strongroom:existingPrivateSubnetIds": '["subnet-0a1b2c3d4e5f60711","subnet-0a1b2c3d4e5f60712","subnet-0a1b2c3d4e5f60713"]',
            "strongroom:existingVpcEndpoints": "present",
        },
        keys: ["strongroom:endpointPrivateAccessCidrs"],
    },
    {
        what: "the internet admitted to the private endpoint",
        base: "prod",
        edit: { "strongroom:endpointPrivateAccessCidrs": '["0.0.0.0/0"]' },
        keys: ["strongroom:endpointPrivateAccessCidrs[0]"],
    },
    {
        what: "the CI preview role also a cluster admin",
        base: "prod",
        edit: { "strongroom:clusterAdminRoleArns": '["arn:aws:iam::123456789012:role/strongroom-ci-preview"]' },
        keys: ["strongroom:clusterViewerRoleArns[0]"],
    },
    {
        what: "a Kubernetes version the table does not know",
        base: "prod",
        edit: { "strongroom:kubernetesVersion": "1.40" },
        keys: ["strongroom:kubernetesVersion"],
    },
    {
        what: "a Kubernetes version past extended support",
        base: "prod",
        edit: { "strongroom:kubernetesVersion": "1.30" },
        keys: ["strongroom:kubernetesVersion"],
    },
    {
        what: "a Kubernetes version the pinned cert-manager does not support (1.32, in EKS extended support to 2027-03-23)",
        base: "prod",
        edit: { "strongroom:kubernetesVersion": "1.32" },
        keys: ["strongroom:kubernetesVersion"],
    },
    {
        what: "an eks VPC too small for its pods",
        base: "prod",
        edit: { "strongroom:vpcCidr": "10.20.0.0/22" },
        keys: ["strongroom:vpcCidr"],
    },
    {
        what: "several mistakes at once",
        base: "dev",
        edit: { "strongroom:nodeCount": "1", "strongroom:azCount": "1", "strongroom:vpcCidr": "nope" },
        keys: ["strongroom:nodeCount", "strongroom:azCount", "strongroom:vpcCidr"],
    },
];

describe("stack config", () => {
    describe("bad configs fail before any resource, naming the key", () => {
        for (const bad of BAD_CONFIGS) {
            it(bad.what, async () => {
                const failure = await planWith(bad.base, bad.edit).then(
                    () => assert.fail("the program accepted a bad config"),
                    (err: unknown) => err as ProgramFailed,
                );
                assert.ok(failure instanceof ProgramFailed, String(failure));
                assert.ok(failure.cause instanceof ConfigError, `expected a ConfigError, got ${String(failure.cause)}`);
                const named = failure.cause.issues.map((i) => i.key);
                for (const key of bad.keys) assert.ok(named.includes(key), `error names ${named.join(", ")}, not ${key}`);
                assert.strictEqual(failure.cause.issues.length, bad.keys.length, failure.cause.message);
                assert.deepStrictEqual(failure.resources, [], "resources were registered before the config was checked");
            });
        }
    });

    it("names the fix in each message", () => {
        const err = captureConfigError({ ...readStackConfig("dev"), "strongroom:nodecount": "3", "aws:region": "" });
        assert.match(
            err.message,
            /strongroom:nodecount: is not a Strongroom setting; did you mean strongroom:nodeCount\? Move the value with `pulumi config rm strongroom:nodecount`/,
        );
        assert.match(
            captureConfigError({ ...readStackConfig("dev"), "strongroom:flavour": "x" }).message,
            /strongroom:flavour: is not a Strongroom setting; remove it with `pulumi config rm strongroom:flavour`/,
        );
        assert.match(err.message, /aws:region: is not set; run `pulumi config set aws:region/);
    });

    describe("says what was given, what is expected, and the command that fixes it", () => {
        const dev = readStackConfig("dev");
        const cases: { what: string; edit: Record<string, string | undefined>; key: string; says: RegExp }[] = [
            {
                what: "a list given as a plain string",
                edit: { "strongroom:allowedCidrs": "10.0.0.0/8" },
                key: "strongroom:allowedCidrs",
                says: /is "10\.0\.0\.0\/8", but it must be a list; set it with `pulumi config rm strongroom:allowedCidrs && pulumi config set --path 'strongroom:allowedCidrs\[0\]' 10\.0\.0\.0\/8`/,
            },
            {
                what: "a number given as a word",
                edit: { "strongroom:nodeCount": "two" },
                key: "strongroom:nodeCount",
                says: /is "two", but it must be a whole number; set it with `pulumi config set strongroom:nodeCount <whole number>`/,
            },
            {
                what: "a tag value that is a number",
                edit: { "strongroom:tags": '{"team":42}' },
                key: "strongroom:tags.team",
                says: /is 42 \(a number\), but it must be a string; set it with `pulumi config set --path --type string 'strongroom:tags\.team' 42`/,
            },
            {
                what: "a boolean given as yes",
                edit: { "strongroom:tableDeletionProtection": "yes" },
                key: "strongroom:tableDeletionProtection",
                says: /is "yes", but it must be true or false/,
            },
            {
                what: "a missing list",
                edit: { "strongroom:allowedCidrs": undefined },
                key: "strongroom:allowedCidrs",
                says: /is not set, and it is required; set it with `pulumi config set --path 'strongroom:allowedCidrs\[0\]' …`/,
            },
            { what: "a misspelt key", edit: { "strongroom:nodecount": "3" }, key: "strongroom:nodecount", says: /did you mean strongroom:nodeCount\?/ },
            {
                what: "a key two edits away",
                edit: { "strongroom:instnceTyp": "t4g.small" },
                key: "strongroom:instnceTyp",
                says: /did you mean strongroom:instanceType\?/,
            },
        ];
        for (const c of cases) {
            it(c.what, () => {
                const raw = { ...dev, ...c.edit };
                for (const [k, v] of Object.entries(c.edit)) if (v === undefined) delete raw[k];
                const err = captureConfigError(raw as Record<string, string>);
                const issue = err.issues.find((i) => i.key === c.key);
                assert.ok(issue, `no issue for ${c.key}: ${err.message}`);
                assert.match(issue.message, c.says);
                assert.doesNotMatch(err.message, /is required; set it with `pulumi config set strongroom:allowedCidrs/);
            });
        }

        it("a wrong layout hides nothing: every other mistake is still reported, against both layouts' keys", () => {
            const err = captureConfigError({
                ...dev,
                "strongroom:layout": "ec2",
                "strongroom:nodeCount": "1",
                "strongroom:vaultReplicas": "four",
                "strongroom:azCount": "9",
                "strongroom:nodecount": "3",
                "strongroom:allowedCidrs": "10.0.0.0/8",
            });
            const keys = err.issues.map((i) => i.key).sort();
            assert.deepStrictEqual(keys, [
                "strongroom:allowedCidrs",
                "strongroom:azCount",
                "strongroom:layout",
                "strongroom:nodeCount",
                "strongroom:nodecount",
                "strongroom:vaultReplicas",
            ]);
            assert.match(err.message, /strongroom:layout: is "ec2", but it must be ec2-dynamodb or eks-raft/);
        });
    });

    it("applies production-sane defaults", () => {
        const c = parseStackConfig({ "aws:region": "eu-west-1", "strongroom:layout": "ec2-dynamodb", "strongroom:allowedCidrs": '["10.0.0.0/8"]' }, "t");
        assert.strictEqual(c.layout, "ec2-dynamodb");
        if (c.layout !== "ec2-dynamodb") return;
        assert.strictEqual(c.nodeCount, 3);
        assert.strictEqual(c.azCount, 3);
        assert.strictEqual(c.natGateways, "perAz");
        assert.strictEqual(c.loadBalancerScheme, "internal");
        assert.strictEqual(c.tableDeletionProtection, true);
        assert.strictEqual(c.replicationAuthMethod, "aws");
        assert.strictEqual(c.replicationDeleteMode, "off");
        assert.strictEqual(c.replicationSecretsPrefix, "hybrid-aws-secrets");
    });

    it("accepts lists and maps as the engine passes them (JSON strings)", () => {
        const c = parseStackConfig({ ...readStackConfig("dev"), "strongroom:tags": '{"team":"platform"}' }, "dev");
        assert.deepStrictEqual(c.tags, { team: "platform" });
        assert.deepStrictEqual(c.allowedCidrs, ["10.0.0.0/8"]);
    });
});

function captureConfigError(raw: Record<string, string>): ConfigError {
    try {
        parseStackConfig(raw, "t");
    } catch (err) {
        if (err instanceof ConfigError) return err;
        throw err;
    }
    return assert.fail("no error");
}
