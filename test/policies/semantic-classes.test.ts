// The classes issue #18 found the pack getting wrong: each case here failed on the pack before its semantic core
// (policies/lib: document, conditions, reach, resources, key-refs, federation, vault-config), and passes now.
import * as assert from "assert";
import { Policy } from "@pulumi/policy";
import { dynamodbCmkAndPitr } from "../../policies/rules/dynamodb/cmk-and-pitr";
import { ebsCmk } from "../../policies/rules/ec2/ebs-cmk";
import { imdsv2 } from "../../policies/rules/ec2/imdsv2";
import { noPublicIp } from "../../policies/rules/ec2/no-public-ip";
import { securityGroupIngress } from "../../policies/rules/ec2/security-group-ingress";
import { knownActions } from "../../policies/rules/iam/known-actions";
import { noAdminManagedPolicies } from "../../policies/rules/iam/no-admin-managed-policies";
import { noPrivilegeEscalation } from "../../policies/rules/iam/no-privilege-escalation";
import { noUnscopedDataReads } from "../../policies/rules/iam/no-unscoped-data-reads";
import { noUsers } from "../../policies/rules/iam/no-users";
import { trustPolicy } from "../../policies/rules/iam/trust-policy";
import { kmsKeyPolicy } from "../../policies/rules/kms/key-policy";
import { kmsKeyPolicySet } from "../../policies/rules/kms/key-policy-set";
import { lambdaEnvironment } from "../../policies/rules/lambda/environment";
import { lambdaPermissions } from "../../policies/rules/lambda/permissions";
import { listenerTls } from "../../policies/rules/lb/listener-tls";
import { resourcePolicyPrincipals } from "../../policies/rules/resource-policies/principals";
import { secretsManagerCmk } from "../../policies/rules/secretsmanager/cmk";
import { snsCmk } from "../../policies/rules/sns/cmk";
import { vaultDevMode } from "../../policies/rules/vault/dev-mode";
import { vaultEc2UserData } from "../../policies/rules/vault/ec2-user-data";
import { vaultHelmRelease } from "../../policies/rules/vault/helm-release";
import { runPolicies } from "../../policies/offline";
import { policies } from "../../policies/rules";
import { check, doc, goodOf, KEY_ARN, ROLE_ARN } from "./good";

const ACCT = "123456789012";
const RP = "aws:iam/rolePolicy:RolePolicy";
const KEY = "aws:kms/key:Key";
const ROOT = `arn:aws:iam::${ACCT}:root`;
const rootAdmin = { Sid: "Root", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };

const fails = async (policy: Policy, type: string, props: Record<string, any>) => {
    const verdicts = await check(policy, type, props);
    assert.ok(verdicts.length > 0, `expected ${policy.name} to refuse ${type} ${JSON.stringify(props).slice(0, 300)}`);
};
const passes = async (policy: Policy, type: string, props: Record<string, any>) => assert.deepStrictEqual(await check(policy, type, props), []);
const allow = (Action: unknown, Resource: unknown, extra: object = {}) => ({ policy: doc({ Effect: "Allow", Action, Resource, ...extra }) });
const topicPolicy = (statement: object) => ({ arn: `arn:aws:sns:eu-west-1:${ACCT}:alerts`, policy: doc(statement) });
const publish = (extra: object) => ({ Sid: "P", Effect: "Allow", Action: "sns:Publish", Resource: `arn:aws:sns:eu-west-1:${ACCT}:alerts`, ...extra });

describe("policy pack semantic classes (issue #18)", () => {
    describe("1. a pattern that covers everything is `*`", () => {
        it("refuses kms:Decrypt on arn:aws:kms:*:*:key/*", () => fails(noUnscopedDataReads, RP, allow("kms:Decrypt", "arn:aws:kms:*:*:key/*")));
        it("refuses iam:PutRolePolicy on every role of the account (the holder's own included)", () =>
            fails(noPrivilegeEscalation, RP, allow("iam:PutRolePolicy", `arn:aws:iam::${ACCT}:role/*`)));
        it("refuses s3:GetObject on arn:aws:s3:::*", () => fails(noUnscopedDataReads, RP, allow("s3:GetObject", "arn:aws:s3:::*")));
        it("still accepts one bucket's objects and one role", async () => {
            await passes(noUnscopedDataReads, RP, allow("s3:GetObject", "arn:aws:s3:::backups/*"));
            await passes(noPrivilegeEscalation, RP, allow("iam:PutRolePolicy", `arn:aws:iam::${ACCT}:role/app`));
        });
    });

    describe("2. an unknown action is reported wherever it is", () => {
        it("in an Allow on a scoped resource", () => fails(knownActions, RP, allow("dynamodb:GetItems", `arn:aws:dynamodb:eu-west-1:${ACCT}:table/t`)));
        it("in a Deny guard", () => fails(knownActions, RP, { policy: doc({ Effect: "Deny", Action: "secretsmanager:GetSecretValues", Resource: "*" }) }));
        it("in a key policy and a resource policy", async () => {
            await fails(knownActions, KEY, {
                ...goodOf(KEY),
                policy: doc(rootAdmin, { Effect: "Deny", Principal: "*", Action: "kms:Decrpyt", Resource: "*" }),
            });
            await fails(knownActions, "aws:sns/topicPolicy:TopicPolicy", topicPolicy(publish({ Action: "sns:Publsh", Principal: { AWS: ROOT } })));
        });
    });

    describe("3. managed policies are judged by their documents on every attaching type", () => {
        const attach = (type: string, props: object) => fails(noAdminManagedPolicies, type, props);
        it("refuses administration whatever the name (a suffix, SecretsManagerReadWrite)", async () => {
            await attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess-Amplify" });
            await attach("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite" });
        });
        it("on exclusive, user and group attachments and SSO permission sets", async () => {
            await attach("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", {
                roleName: "r",
                policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            });
            await attach("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", { group: "g", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" });
            await attach("aws:iam/userPolicyAttachment:UserPolicyAttachment", { user: "u", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" });
            await attach("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", { managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
        });
        it("accepts the narrow policies the stacks attach", () =>
            passes(noAdminManagedPolicies, "aws:iam/role:Role", {
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
            }));
    });

    describe("4. a condition that does not limit who is no limit", () => {
        const anyoneWith = (Condition: object) => topicPolicy(publish({ Principal: "*", Condition }));
        for (const [what, condition] of Object.entries({
            "aws:SecureTransport": { Bool: { "aws:SecureTransport": "true" } },
            "an organisation": { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
            "StringLike *": { StringLike: { "aws:PrincipalAccount": "*" } },
            "ForAllValues on a key the request lacks": { "ForAllValues:StringEquals": { "aws:PrincipalAccount": ACCT } },
            IfExists: { StringEqualsIfExists: { "aws:PrincipalAccount": ACCT } },
            "an account wildcard in aws:PrincipalArn": { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app" } },
            "an account wildcard in aws:SourceArn": { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:*:alarm:*" } },
            "a negated operator": { StringNotEquals: { "aws:PrincipalAccount": "210987654321" } },
        }))
            it(`refuses * limited only by ${what}`, () => fails(resourcePolicyPrincipals, "aws:sns/topicPolicy:TopicPolicy", anyoneWith(condition)));
        it("accepts * limited to the own account, in a key policy too", async () => {
            await passes(resourcePolicyPrincipals, "aws:sns/topicPolicy:TopicPolicy", anyoneWith({ StringEquals: { "aws:PrincipalAccount": ACCT } }));
            await passes(kmsKeyPolicy, KEY, {
                ...goodOf(KEY),
                policy: doc(rootAdmin, {
                    Effect: "Allow",
                    Principal: "*",
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": ACCT } },
                }),
            });
        });
        it("refuses a key use statement for * limited only by kms:ViaService", () =>
            fails(kmsKeyPolicy, KEY, {
                ...goodOf(KEY),
                policy: doc(rootAdmin, {
                    Effect: "Allow",
                    Principal: "*",
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
                }),
            }));
    });

    describe("5. NotPrincipal in an Allow admits everyone else", () => {
        it("in a resource policy, a key policy and a trust policy", async () => {
            await fails(resourcePolicyPrincipals, "aws:sns/topicPolicy:TopicPolicy", topicPolicy(publish({ NotPrincipal: { AWS: ROOT } })));
            await fails(kmsKeyPolicy, KEY, {
                ...goodOf(KEY),
                policy: doc(rootAdmin, { Effect: "Allow", NotPrincipal: { AWS: ROOT }, Action: "kms:Decrypt", Resource: "*" }),
            });
            await fails(trustPolicy, "aws:iam/role:Role", {
                assumeRolePolicy: doc({ Effect: "Allow", NotPrincipal: { AWS: ROOT }, Action: "sts:AssumeRole" }),
            });
        });
    });

    describe("6. resource policies inline on the resource, and every key type's policy", () => {
        const open = doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });
        for (const type of [
            "aws:sns/topic:Topic",
            "aws:sqs/queue:Queue",
            "aws:secretsmanager/secret:Secret",
            "aws:s3/bucket:Bucket",
            "aws:ecr/registryPolicy:RegistryPolicy",
        ])
            it(`judges ${type}'s policy`, () => fails(resourcePolicyPrincipals, type, { policy: open }));
        for (const type of ["aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey"])
            it(`judges ${type}'s key policy, and its absence`, async () => {
                await fails(kmsKeyPolicy, type, { policy: doc(rootAdmin, { Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "kms:*", Resource: "*" }) });
                await fails(kmsKeyPolicySet, type, {});
            });
    });

    describe("7. unset inputs are AWS's defaults", () => {
        it("an unset IMDS hop limit is the AMI's (2 on AL2023)", () =>
            fails(imdsv2, "aws:ec2/launchTemplate:LaunchTemplate", {
                ...goodOf("aws:ec2/launchTemplate:LaunchTemplate"),
                metadataOptions: { httpTokens: "required" },
            }));
        it("a node group without a launch template gets EKS's (hop limit 2)", () => fails(imdsv2, "aws:eks/nodeGroup:NodeGroup", { clusterName: "c" }));
        it("an unset redirect protocol keeps HTTP", () =>
            fails(listenerTls, "aws:lb/listener:Listener", {
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { port: "443", statusCode: "HTTP_301" } }],
            }));
        it("an instance with no root device keeps the AMI's unencrypted one, and no subnet means the default VPC", async () => {
            await fails(ebsCmk, "aws:ec2/instance:Instance", { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } });
            await fails(noPublicIp, "aws:ec2/instance:Instance", {});
        });
        it("a default subnet maps public IPs unless told not to", () =>
            fails(noPublicIp, "aws:ec2/defaultSubnet:DefaultSubnet", { availabilityZone: "eu-west-1a" }));
    });

    describe("8. replicas and aliases", () => {
        it("a DynamoDB replica without its own key or PITR", async () => {
            await fails(dynamodbCmkAndPitr, "aws:dynamodb/table:Table", {
                ...goodOf("aws:dynamodb/table:Table"),
                replicas: [{ regionName: "eu-central-1", pointInTimeRecovery: true }],
            });
            await fails(dynamodbCmkAndPitr, "aws:dynamodb/tableReplica:TableReplica", { globalTableArn: "t", kmsKeyArn: KEY_ARN });
        });
        it("a Secrets Manager replica on aws/secretsmanager", () =>
            fails(secretsManagerCmk, "aws:secretsmanager/secret:Secret", { kmsKeyId: KEY_ARN, replicas: [{ region: "eu-central-1" }] }));
        it("an AWS-managed key given by alias ARN", async () => {
            await fails(dynamodbCmkAndPitr, "aws:dynamodb/table:Table", {
                ...goodOf("aws:dynamodb/table:Table"),
                serverSideEncryption: { enabled: true, kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCT}:alias/aws/dynamodb` },
            });
            await fails(lambdaEnvironment, "aws:lambda/function:Function", {
                ...goodOf("aws:lambda/function:Function"),
                kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCT}:alias/aws/lambda`,
            });
            await fails(snsCmk, "aws:sns/topic:Topic", { kmsMasterKeyId: `arn:aws:kms:eu-west-1:${ACCT}:alias/aws/sns` });
        });
    });

    describe("9. coverage holes by type", () => {
        it("the VPC's default security group", async () => {
            await fails(securityGroupIngress, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", {
                vpcId: "v",
                ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
            });
            const vpc = { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16" } };
            const verdicts = await runPolicies([vpc], { policies: policies.filter((p) => p.name === "strongroom-ec2-default-security-group") });
            assert.strictEqual(verdicts.length, 1, JSON.stringify(verdicts));
        });
        it("legacy launch configurations", async () => {
            const lc = "aws:ec2/launchConfiguration:LaunchConfiguration";
            await fails(imdsv2, lc, { imageId: "ami", instanceType: "t3.micro" });
            await fails(ebsCmk, lc, { imageId: "ami", instanceType: "t3.micro", rootBlockDevice: { encrypted: false } });
        });
        it("long-lived credentials other than access keys", async () => {
            await fails(noUsers, "aws:iam/serviceSpecificCredential:ServiceSpecificCredential", { serviceName: "codecommit.amazonaws.com", userName: "u" });
            await fails(noUsers, "aws:iam/signingCertificate:SigningCertificate", { certificateBody: "x", userName: "u" });
            await fails(noUsers, "aws:iam/sshKey:SshKey", { encoding: "SSH", publicKey: "ssh-ed25519 AAAA", username: "u" });
        });
    });

    describe("10. credentials in function environments", () => {
        const fn = (variables: Record<string, string>) => {
            const props = goodOf("aws:lambda/function:Function");
            Object.assign(props.environment.variables, variables);
            return props;
        };
        it("an AppRole secret_id named like an identifier", () =>
            fails(lambdaEnvironment, "aws:lambda/function:Function", fn({ VAULT_APPROLE_SECRET_ID: "6a174c20-f6de-a53c-74d2-6018fcceff64" })));
        it("a token inside a JSON value", () =>
            fails(lambdaEnvironment, "aws:lambda/function:Function", fn({ SETTINGS: JSON.stringify({ vault: { addr: "https://v", token: "x7" } }) })));
        it("still accepts a secret's ARN under *_SECRET_ID", () =>
            passes(lambdaEnvironment, "aws:lambda/function:Function", fn({ DB_SECRET_ID: `arn:aws:secretsmanager:eu-west-1:${ACCT}:secret:db-AbCdEf` })));
    });

    describe("11. Vault's configuration read with an HCL parser", () => {
        const release = (config: string, values: object = {}) => {
            const props = goodOf("kubernetes:helm.sh/v3:Release");
            props.values.server.ha.raft.config = config;
            Object.assign(props.values.server, values);
            return props;
        };
        const good = 'listener "tcp" {\n  tls_cert_file = "/x"\n}\nseal "awskms" {\n  kms_key_id = "k"\n}\n';
        it("a trailing comment does not hide tls_disable", () =>
            fails(vaultHelmRelease, "kubernetes:helm.sh/v3:Release", release(good.replace('tls_cert_file = "/x"', "tls_disable = 1 # for now"))));
        it("a disabled seal is no seal", () =>
            fails(vaultHelmRelease, "kubernetes:helm.sh/v3:Release", release(good.replace('kms_key_id = "k"', 'kms_key_id = "k"\n  disabled = "true"'))));
        it("the chart named with its repository prefix is judged", async () => {
            const props = release(good.replace('seal "awskms"', 'seal "shamir"'));
            props.chart = "hashicorp/vault";
            await fails(vaultHelmRelease, "kubernetes:helm.sh/v3:Release", props);
        });
        it("dev mode is refused", () => fails(vaultDevMode, "kubernetes:helm.sh/v3:Release", release(good, { dev: { enabled: true } })));
        it("user data with a disabled seal in a heredoc", () =>
            fails(vaultEc2UserData, "aws:ec2/launchTemplate:LaunchTemplate", {
                userData: Buffer.from(
                    `#!/bin/bash\ncat > /etc/vault.d/vault.hcl <<'EOF'\nstorage "dynamodb" {}\n${good.replace('kms_key_id = "k"', "disabled = true")}EOF\n`,
                ).toString("base64"),
            }));
        it("accepts the good configuration", () => passes(vaultHelmRelease, "kubernetes:helm.sh/v3:Release", release(good)));
    });

    describe("refused although good (now good cases)", () => {
        it("kms:Describe* reaches only reads", () =>
            passes(kmsKeyPolicy, KEY, {
                ...goodOf(KEY),
                policy: doc(rootAdmin, { Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: ["kms:Decrypt", "kms:Describe*"], Resource: "*" }),
            }));
        it("the README's GitHub Actions deploy role, pinned to one repository environment", () =>
            passes(trustPolicy, "aws:iam/role:Role", {
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                            "token.actions.githubusercontent.com:sub": "repo:acme/strongroom:environment:prod",
                        },
                    },
                }),
            }));
        it("but not a GitHub trust for every repository of the owner", () =>
            fails(trustPolicy, "aws:iam/role:Role", {
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                        StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" },
                    },
                }),
            }));
        it("a CloudWatch Logs subscription permission for one log group", () =>
            passes(lambdaPermissions, "aws:lambda/permission:Permission", {
                action: "lambda:InvokeFunction",
                function: "f",
                principal: "logs.eu-west-1.amazonaws.com",
                sourceArn: `arn:aws:logs:eu-west-1:${ACCT}:log-group:/aws/vault/audit:*`,
            }));
        it("but not another account as the invoker", () =>
            fails(lambdaPermissions, "aws:lambda/permission:Permission", { action: "lambda:InvokeFunction", function: "f", principal: "210987654321" }));
        it("but not one for every log group", () =>
            fails(lambdaPermissions, "aws:lambda/permission:Permission", {
                action: "lambda:InvokeFunction",
                principal: "logs.eu-west-1.amazonaws.com",
                sourceArn: `arn:aws:logs:eu-west-1:${ACCT}:log-group:*`,
            }));
    });
});
