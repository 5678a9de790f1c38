import * as assert from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { OfflineResource, runPolicies } from "../../policies/offline";
import { replicationRoleGuard } from "../../policies/rules/stack/replication-role-guard";
import { roleManagement } from "../../policies/rules/stack/role-management";
import { s3Encryption } from "../../policies/rules/s3/encryption";
import { s3PublicAccessBlock } from "../../policies/rules/s3/public-access-block";
import { s3Versioning } from "../../policies/rules/s3/versioning";
import { executionStatements } from "../../infra/replication/execution-policy";
import { policyDocument } from "../../infra/iam";
import { doc } from "./good";

const ROLE_URN = "urn:pulumi:t::strongroom::aws:iam/role:Role::fn";
const role = (tags: Record<string, string>, extra: object = {}): OfflineResource => ({
    type: "aws:iam/role:Role",
    name: "fn",
    urn: ROLE_URN,
    props: { tags, ...extra },
});
const rolePolicy = (policy: string, name = "fn-policy"): OfflineResource => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name,
    urn: `urn:pulumi:t::strongroom::aws:iam/rolePolicy:RolePolicy::${name}`,
    props: { role: "fn-id", policy },
    propertyDependencies: { role: [ROLE_URN] },
});
const statements = executionStatements({
    partition: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    secretsPrefix: "app",
    secretsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
    topicArn: "arn:aws:sns:eu-west-1:123456789012:t",
    topicKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/d",
});
const resolved = (statements: object[]) => new Promise<string>((resolve) => policyDocument(statements as never).apply(resolve));
const tags = { "strongroom:role": "replication", "strongroom:secrets-prefix": "app" };
const run = (resources: OfflineResource[], policy = replicationRoleGuard) => runPolicies(resources, { policies: [policy] });

describe("policy rules: stack", () => {
    let good: string;
    before(async () => (good = await resolved(statements)));
    describe(replicationRoleGuard.name, () => {
        it("passes Strongroom's execution policy", async () => {
            assert.deepStrictEqual(await run([role(tags), rolePolicy(good)]), []);
        });
        it("fails without the Deny guard", async () => {
            const unguarded = await resolved(statements.filter((s) => s.Sid !== "NoWritesOutsidePrefix"));
            const [v] = await run([role(tags), rolePolicy(unguarded)]);
            assert.match(v.message, /lacks a Deny/);
            assert.strictEqual(v.resource, "fn");
        });
        it("fails when writes reach beyond the prefix, also from a second policy", async () => {
            const wide = doc({ Effect: "Allow", Action: "secretsmanager:PutSecretValue", Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*" });
            const verdicts = await run([role(tags), rolePolicy(good), rolePolicy(wide, "extra")]);
            assert.ok(verdicts.some((v) => /outside app\/\*/.test(v.message)));
        });
        it("fails a replication role with no prefix tag, and ignores other roles", async () => {
            assert.strictEqual((await run([role({ "strongroom:role": "replication" }), rolePolicy(good)])).length, 1);
            assert.deepStrictEqual(await run([role({}), rolePolicy(doc({ Effect: "Allow", Action: "secretsmanager:*", Resource: "*" }))]), []);
        });
    });

    describe(roleManagement.name, () => {
        it("passes a role managed only by separate resources", async () => {
            assert.deepStrictEqual(await run([role({}), rolePolicy(good)], roleManagement), []);
        });
        it("fails a role with inline policies and a RolePolicy", async () => {
            const verdicts = await run([role({}, { inlinePolicies: [{ name: "x", policy: good }] }), rolePolicy(good)], roleManagement);
            assert.strictEqual(verdicts.length, 1);
            assert.match(verdicts[0].message, /fn-policy/);
        });
        it("passes a role managed only on the role", async () => {
            assert.deepStrictEqual(await run([role({}, { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] })], roleManagement), []);
        });
    });

    describe("S3 bucket rules", () => {
        const BUCKET = "urn:pulumi:t::strongroom::aws:s3/bucket:Bucket::b";
        const bucket: OfflineResource = { type: "aws:s3/bucket:Bucket", name: "b", urn: BUCKET, props: {} };
        const on = (type: string, props: object, name = type.split(":").pop()!): OfflineResource => ({
            type,
            name,
            urn: `${BUCKET}-${name}`,
            props: { bucket: "b-id", ...props },
            propertyDependencies: { bucket: [BUCKET] },
        });
        const sse = (sseAlgorithm: string) =>
            on("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k" } }],
            });
        const pab = (all: boolean) =>
            on("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: all,
            });
        const versioning = (status: string) => on("aws:s3/bucketVersioning:BucketVersioning", { versioningConfiguration: { status } });
        const cases: [StackValidationPolicy, OfflineResource, OfflineResource][] = [
            [s3Encryption, sse("aws:kms"), sse("AES256")],
            [s3PublicAccessBlock, pab(true), pab(false)],
            [s3Versioning, versioning("Enabled"), versioning("Suspended")],
        ];
        for (const [policy, good, bad] of cases) {
            describe(policy.name, () => {
                it("passes a bucket configured right", async () => assert.deepStrictEqual(await run([bucket, good], policy), []));
                it("fails a bucket configured wrong", async () => assert.strictEqual((await run([bucket, bad], policy))[0].resource, "b"));
                it("fails a bucket with no configuration at all", async () => assert.strictEqual((await run([bucket], policy)).length, 1));
                it("does not apply without buckets", async () => assert.deepStrictEqual(await run([good], policy), []));
            });
        }
    });
});
