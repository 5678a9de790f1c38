import * as assert from "assert";
import { noAdminManagedPolicies } from "../../policies/rules/iam/no-admin-managed-policies";
import { noPrivilegeEscalation } from "../../policies/rules/iam/no-privilege-escalation";
import { noServiceWildcard } from "../../policies/rules/iam/no-service-wildcard";
import { noUnscopedDataReads } from "../../policies/rules/iam/no-unscoped-data-reads";
import { noUsers } from "../../policies/rules/iam/no-users";
import { noWildcardAction } from "../../policies/rules/iam/no-wildcard-action";
import { passRoleScoped } from "../../policies/rules/iam/passrole-scoped";
import { scopedWrites } from "../../policies/rules/iam/scoped-writes";
import { trustPolicy } from "../../policies/rules/iam/trust-policy";
import { check, doc, ROLE_ARN, ruleCases } from "./good";

const RP = "aws:iam/rolePolicy:RolePolicy";
const allowing =
    (Action: unknown, Resource: unknown = "*") =>
    (p: Record<string, any>) =>
        (p.policy = doc({ Effect: "Allow", Action, Resource }));

describe("policy rules: IAM", () => {
    describe(noWildcardAction.name, () =>
        ruleCases(noWildcardAction, RP, {
            "Action is *": allowing("*"),
            "an Allow uses NotAction": (p) => (p.policy = doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })),
            "an inline role policy allows *:*": (p) =>
                (p.policy = JSON.parse(JSON.stringify(doc({ Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: "arn:aws:s3:::b/*" })))),
            "the document is not JSON": (p) => (p.policy = "{not json"),
        }),
    );

    describe(noServiceWildcard.name, () => {
        ruleCases(noServiceWildcard, RP, {
            "kms:* is allowed": allowing(["kms:*"], "arn:aws:kms:eu-west-1:1:key/k"),
            "IAM:* in capitals": allowing("IAM:*", "arn:aws:iam::1:role/x"),
        });
        it("accepts kms:* in a Deny guard", async () => {
            assert.deepStrictEqual(
                await check(noServiceWildcard, RP, { policy: doc({ Effect: "Deny", Action: "kms:*", NotResource: "arn:aws:kms:eu-west-1:1:key/k" }) }),
                [],
            );
        });
    });

    describe(scopedWrites.name, () => {
        ruleCases(scopedWrites, RP, {
            "a write is allowed on *": allowing(["dynamodb:PutItem"]),
            "a glob reaching writes is allowed on *": allowing(["secretsmanager:*Secret*"]),
            "an Allow with NotResource grants writes": (p) =>
                (p.policy = doc({ Effect: "Allow", Action: "s3:PutObject", NotResource: "arn:aws:s3:::private/*" })),
        });
        it("allows reads and the writes AWS cannot scope on *, and configured exceptions", async () => {
            const onAll = (actions: string[]) => ({ policy: doc({ Effect: "Allow", Action: actions, Resource: "*" }) });
            assert.deepStrictEqual(await check(scopedWrites, RP, onAll(["secretsmanager:ListSecrets", "ec2:DescribeInstances", "xray:PutTraceSegments"])), []);
            // cloudwatch:PutMetricData takes a dataset ARN in AWS's current data, so on * it needs an explicit exception.
            assert.strictEqual((await check(scopedWrites, RP, onAll(["cloudwatch:PutMetricData"]))).length, 1);
            assert.deepStrictEqual(await check(scopedWrites, RP, onAll(["cloudwatch:PutMetricData"]), { allowedUnscoped: ["cloudwatch:PutMetricData"] }), []);
        });
    });

    describe(passRoleScoped.name, () => {
        ruleCases(passRoleScoped, RP, {
            "PassRole is on *": allowing("iam:PassRole"),
            "PassRole is on a role wildcard": allowing("iam:PassRole", "arn:aws:iam::123456789012:role/app-*"),
            "iam:Pass* covers PassRole on *": allowing("iam:Pass*"),
        });
        it("accepts PassRole on an exact role ARN", async () => {
            assert.deepStrictEqual(await check(passRoleScoped, RP, { policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: ROLE_ARN }) }), []);
        });
    });

    describe(noPrivilegeEscalation.name, () =>
        ruleCases(noPrivilegeEscalation, RP, {
            "iam:CreatePolicyVersion is on *": allowing("iam:CreatePolicyVersion"),
            "iam:Put*Policy is on *": allowing("iam:Put*Policy"),
            "iam:PassRole and lambda:CreateFunction are on *": (p) =>
                (p.policy = doc(
                    { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
                    { Effect: "Allow", Action: "lambda:CreateFunction", Resource: "*" },
                )),
        }),
    );

    describe(noUnscopedDataReads.name, () =>
        ruleCases(noUnscopedDataReads, RP, {
            "GetSecretValue is on *": allowing("secretsmanager:GetSecretValue"),
            "ssm:GetParameter* is on *": allowing("ssm:GetParameter*"),
            "kms:Decrypt is on *": allowing("kms:Decrypt"),
            "s3:Get* is on *": allowing("s3:Get*"),
        }),
    );

    describe(trustPolicy.name, () => {
        const oidc = (conditions: object) => (p: Record<string, any>) =>
            (p.assumeRolePolicy = doc({
                Effect: "Allow",
                Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: conditions,
            }));
        const host = "oidc.eks.eu-west-1.amazonaws.com/id/X";
        ruleCases(trustPolicy, "aws:iam/role:Role", {
            "the principal is *": (p) => (p.assumeRolePolicy = doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })),
            "the AWS principal is *": (p) => (p.assumeRolePolicy = doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" })),
            "an IRSA trust has no sub": oidc({ StringEquals: { [`${host}:aud`]: "sts.amazonaws.com" } }),
            "an IRSA trust matches sub with a wildcard": oidc({
                StringLike: { [`${host}:sub`]: "system:serviceaccount:vault:*" },
                StringEquals: { [`${host}:aud`]: "sts.amazonaws.com" },
            }),
            "an IRSA trust has no aud": oidc({ StringEquals: { [`${host}:sub`]: "system:serviceaccount:vault:vault" } }),
        });
        it("accepts an IRSA trust pinned to one service account and sts.amazonaws.com", async () => {
            const props: Record<string, any> = {};
            oidc({ StringEquals: { [`${host}:sub`]: "system:serviceaccount:vault:vault", [`${host}:aud`]: "sts.amazonaws.com" } })(props);
            assert.deepStrictEqual(await check(trustPolicy, "aws:iam/role:Role", props), []);
        });
    });

    describe(noAdminManagedPolicies.name, () =>
        ruleCases(noAdminManagedPolicies, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
            "AdministratorAccess is attached": (p) => (p.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"),
            "a *FullAccess policy is attached": (p) =>
                (p.policyArn = "arn:aws:iam::aws:policy/SecretsManagerReadWrite".replace("SecretsManagerReadWrite", "AmazonDynamoDBFullAccess")),
            "PowerUserAccess is attached": (p) => (p.policyArn = "arn:aws:iam::aws:policy/PowerUserAccess"),
        }),
    );

    describe(noUsers.name, () => {
        it("fails an IAM user and an access key", async () => {
            assert.strictEqual((await check(noUsers, "aws:iam/user:User", {})).length, 1);
            assert.strictEqual((await check(noUsers, "aws:iam/accessKey:AccessKey", { user: "u" })).length, 1);
        });
        it("passes a role, and does not judge other types", async () => {
            assert.deepStrictEqual(await check(noUsers, "aws:iam/role:Role", {}), []);
            assert.deepStrictEqual(await check(noUsers, "aws:route53/zone:Zone", {}), []);
        });
    });
});
