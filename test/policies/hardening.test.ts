import * as assert from "assert";
import { dynamodbCmkAndPitr } from "../../policies/rules/dynamodb/cmk-and-pitr";
import { ebsCmk } from "../../policies/rules/ec2/ebs-cmk";
import { imdsv2 } from "../../policies/rules/ec2/imdsv2";
import { noPublicIp } from "../../policies/rules/ec2/no-public-ip";
import { securityGroupIngress } from "../../policies/rules/ec2/security-group-ingress";
import { eksCluster } from "../../policies/rules/eks/cluster";
import { lambdaEnvironment } from "../../policies/rules/lambda/environment";
import { lambdaPermissions } from "../../policies/rules/lambda/permissions";
import { dropInvalidHeaders } from "../../policies/rules/lb/drop-invalid-headers";
import { listenerTls } from "../../policies/rules/lb/listener-tls";
import { logGroup } from "../../policies/rules/logs/log-group";
import { secretsManagerCmk } from "../../policies/rules/secretsmanager/cmk";
import { snsCmk } from "../../policies/rules/sns/cmk";
import { vaultEc2UserData } from "../../policies/rules/vault/ec2-user-data";
import { vaultHelmRelease } from "../../policies/rules/vault/helm-release";
import { renderUserData } from "../../infra/vault-ec2/user-data";
import { resourcePolicyPrincipals } from "../../policies/rules/resource-policies/principals";
import { check, doc, goodOf, ruleCases } from "./good";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";

describe("policy rules: hardening", () => {
    describe(imdsv2.name, () => {
        ruleCases(imdsv2, LT, {
            "tokens are optional": (p) => (p.metadataOptions.httpTokens = "optional"),
            "metadata options are unset": (p) => delete p.metadataOptions,
            "the hop limit is 2": (p) => (p.metadataOptions.httpPutResponseHopLimit = 2),
        });
        it("judges instances too, and takes a configured hop limit", async () => {
            assert.strictEqual(
                (await check(imdsv2, "aws:ec2/instance:Instance", { metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } })).length,
                1,
            );
            assert.deepStrictEqual(
                await check(imdsv2, LT, { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }, { maxHopLimit: 2 }),
                [],
            );
        });
    });
    describe(ebsCmk.name, () =>
        ruleCases(ebsCmk, LT, {
            "a volume is unencrypted": (p) => (p.blockDeviceMappings[0].ebs.encrypted = "false"),
            "a volume uses the AWS-managed key": (p) => delete p.blockDeviceMappings[0].ebs.kmsKeyId,
        }),
    );
    describe(noPublicIp.name, () => {
        ruleCases(noPublicIp, LT, { "an interface gets a public IP": (p) => (p.networkInterfaces[0].associatePublicIpAddress = "true") });
        it("judges subnets and instances", async () => {
            assert.strictEqual((await check(noPublicIp, "aws:ec2/subnet:Subnet", { mapPublicIpOnLaunch: true })).length, 1);
            assert.strictEqual((await check(noPublicIp, "aws:ec2/instance:Instance", { associatePublicIpAddress: true })).length, 1);
        });
    });
    describe(securityGroupIngress.name, () => {
        ruleCases(securityGroupIngress, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
            "8200 is open to the internet": (p) => Object.assign(p, { fromPort: 8200, toPort: 8200 }),
            "a range is open over IPv6": (p) => Object.assign(p, { cidrIpv4: undefined, cidrIpv6: "::/0", fromPort: 0, toPort: 65535 }),
        });
        it("judges inline ingress and legacy rules", async () => {
            assert.strictEqual(
                (
                    await check(securityGroupIngress, "aws:ec2/securityGroup:SecurityGroup", {
                        ingress: [{ fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
                    })
                ).length,
                1,
            );
            assert.strictEqual(
                (
                    await check(securityGroupIngress, "aws:ec2/securityGroupRule:SecurityGroupRule", {
                        type: "ingress",
                        fromPort: 8201,
                        toPort: 8201,
                        cidrBlocks: ["0.0.0.0/0"],
                    })
                ).length,
                1,
            );
            assert.deepStrictEqual(await check(securityGroupIngress, "aws:ec2/securityGroup:SecurityGroup", goodOf("aws:ec2/securityGroup:SecurityGroup")), []);
        });
    });
    describe(listenerTls.name, () => {
        ruleCases(listenerTls, "aws:lb/listener:Listener", {
            "the TLS policy allows TLS 1.0": (p) => (p.sslPolicy = "ELBSecurityPolicy-2016-08"),
            "HTTP forwards instead of redirecting": (p) => Object.assign(p, { protocol: "HTTP", port: 80 }),
        });
        it("judges aws.alb listeners and accepts an HTTP redirect", async () => {
            assert.strictEqual((await check(listenerTls, "aws:alb/listener:Listener", { protocol: "HTTP", defaultActions: [{ type: "forward" }] })).length, 1);
            assert.deepStrictEqual(
                await check(listenerTls, "aws:lb/listener:Listener", {
                    protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                }),
                [],
            );
        });
    });
    describe(dropInvalidHeaders.name, () => {
        ruleCases(dropInvalidHeaders, "aws:lb/loadBalancer:LoadBalancer", { "invalid headers pass": (p) => (p.dropInvalidHeaderFields = false) });
        it("judges aws.alb load balancers", async () => {
            assert.strictEqual((await check(dropInvalidHeaders, "aws:alb/loadBalancer:LoadBalancer", {})).length, 1);
        });
    });
    describe(dynamodbCmkAndPitr.name, () =>
        ruleCases(dynamodbCmkAndPitr, "aws:dynamodb/table:Table", {
            "PITR is off": (p) => (p.pointInTimeRecovery.enabled = false),
            "the AWS-owned key is used": (p) => delete p.serverSideEncryption,
        }),
    );
    describe(secretsManagerCmk.name, () =>
        ruleCases(secretsManagerCmk, "aws:secretsmanager/secret:Secret", {
            "no key is set": (p) => delete p.kmsKeyId,
            "aws/secretsmanager is named": (p) => (p.kmsKeyId = "alias/aws/secretsmanager"),
        }),
    );
    describe(resourcePolicyPrincipals.name, () => {
        ruleCases(resourcePolicyPrincipals, "aws:sns/topicPolicy:TopicPolicy", {
            "a service principal is not pinned to a source": (p) =>
                (p.policy = doc({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: "*" })),
            "anyone may publish": (p) => (p.policy = doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*" })),
        });
        it("judges bucket policies, and accepts a Deny for everyone", async () => {
            const tlsOnly = doc({
                Sid: "TlsOnly",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: "*",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            assert.deepStrictEqual(await check(resourcePolicyPrincipals, "aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: tlsOnly }), []);
            const open = doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" });
            assert.strictEqual((await check(resourcePolicyPrincipals, "aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: open })).length, 1);
        });
    });
    describe(snsCmk.name, () =>
        ruleCases(snsCmk, "aws:sns/topic:Topic", {
            "no key is set": (p) => delete p.kmsMasterKeyId,
            "aws/sns is named": (p) => (p.kmsMasterKeyId = "alias/aws/sns"),
        }),
    );
    describe(lambdaEnvironment.name, () =>
        ruleCases(lambdaEnvironment, "aws:lambda/function:Function", {
            "the environment uses the AWS-managed key": (p) => delete p.kmsKeyArn,
            "a token is a literal": (p) => (p.environment.variables.VAULT_TOKEN = "abc"),
            "a value looks like a Vault token": (p) => (p.environment.variables.CONFIG = "hvs.CAESIabcdefghijklmnopqrstuvwxyz"),
        }),
    );
    describe(lambdaPermissions.name, () => {
        ruleCases(lambdaPermissions, "aws:lambda/permission:Permission", {
            "anyone may invoke": (p) => (p.principal = "*"),
            "EventBridge has no source ARN": (p) => delete p.sourceArn,
        });
        it("fails a function URL without IAM auth", async () => {
            assert.strictEqual((await check(lambdaPermissions, "aws:lambda/functionUrl:FunctionUrl", { authorizationType: "NONE" })).length, 1);
        });
    });
    describe(eksCluster.name, () =>
        ruleCases(eksCluster, "aws:eks/cluster:Cluster", {
            "secrets are not encrypted": (p) => delete p.encryptionConfig,
            "the endpoint defaults to public for 0.0.0.0/0": (p) => (p.vpcConfig = {}),
            "the public endpoint allows 0.0.0.0/0": (p) => (p.vpcConfig = { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }),
            "audit logs are off": (p) => (p.enabledClusterLogTypes = ["api"]),
        }),
    );
    describe(logGroup.name, () =>
        ruleCases(logGroup, "aws:cloudwatch/logGroup:LogGroup", {
            "logs are kept forever": (p) => delete p.retentionInDays,
            "no key is set": (p) => delete p.kmsKeyId,
        }),
    );
    describe(vaultHelmRelease.name, () =>
        ruleCases(vaultHelmRelease, "kubernetes:helm.sh/v3:Release", {
            "HA is off": (p) => (p.values.server.ha.enabled = false),
            "replicas are even": (p) => (p.values.server.ha.replicas = 4),
            "there is no awskms seal": (p) => (p.values.server.ha.raft.config = 'listener "tcp" {}\n'),
            "TLS is left at the chart default (off)": (p) => delete p.values.global,
            "the listener disables TLS": (p) =>
                (p.values.server.ha.raft.config += 'listener "tcp" {\n  tls_disable = 1\n}\n'.replace('listener "tcp" {\n', "")),
            "there is no IRSA annotation": (p) => (p.values.server.serviceAccount = {}),
            "the UI is a public LoadBalancer": (p) => (p.values.ui.serviceType = "LoadBalancer"),
        }),
    );
    describe(vaultEc2UserData.name, () => {
        const ud = (text: string) => ({ userData: Buffer.from(text).toString("base64") });
        const real = renderUserData({
            region: "eu-west-1",
            tableName: "t",
            unsealKeyId: "k",
            forwardedForCidrs: ["10.0.0.0/16"],
            vaultVersion: "2.0.4",
            arch: "arm64",
            downloadUrl: "https://releases.hashicorp.com/vault",
            auditLogGroup: "strongroom-dev-vault-audit",
        });
        it("passes Strongroom's rendered user data", async () => assert.deepStrictEqual(await check(vaultEc2UserData, LT, ud(real)), []));
        it("fails without the awskms seal", async () =>
            assert.strictEqual((await check(vaultEc2UserData, LT, ud(real.replace('seal "awskms"', 'seal "shamir"')))).length, 1));
        it("fails when TLS is disabled", async () =>
            assert.strictEqual(
                (await check(vaultEc2UserData, LT, ud(real.replace("  tls_min_version", '  tls_disable = "true"\n  tls_min_version')))).length,
                1,
            ));
        it("ignores user data with no Vault config, and other types", async () => {
            assert.deepStrictEqual(await check(vaultEc2UserData, LT, ud("#!/bin/bash\necho hi\n")), []);
            assert.deepStrictEqual(await check(vaultEc2UserData, "aws:route53/zone:Zone", ud(real.replace('seal "awskms"', ""))), []);
        });
    });
});
