// "Good resource" factories: props that pass every rule. Each rule test mutates one thing to make it fail.
import * as assert from "assert";
import { runPolicies, Verdict } from "../../policies/offline";
import { Policy } from "@pulumi/policy";

const ACCOUNT = "123456789012";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app`;
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`;

export const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

export const good: Record<string, () => Record<string, any>> = {
    "aws:iam/rolePolicy:RolePolicy": () => ({
        role: "app",
        policy: doc({ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/t`] }),
    }),
    "aws:iam/role:Role": () => ({ assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) }),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": () => ({ role: "app", policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" }),
    "aws:kms/key:Key": () => ({
        enableKeyRotation: true,
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        bypassPolicyLockoutSafetyCheck: false,
        deletionWindowInDays: 30,
        policy: doc(
            { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
            { Sid: "Use", Effect: "Allow", Principal: { AWS: [ROLE_ARN] }, Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
        ),
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY_ARN, volumeType: "gp3" } }],
        networkInterfaces: [{ associatePublicIpAddress: "false" }],
    }),
    "aws:ec2/instance:Instance": () => ({
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN },
        associatePublicIpAddress: false,
    }),
    "aws:ec2/subnet:Subnet": () => ({ mapPublicIpOnLaunch: false }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": () => ({ cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443, ipProtocol: "tcp" }),
    "aws:ec2/securityGroup:SecurityGroup": () => ({ ingress: [{ fromPort: 8200, toPort: 8200, cidrBlocks: ["10.0.0.0/8"], protocol: "tcp" }] }),
    "aws:lb/listener:Listener": () => ({
        protocol: "HTTPS",
        port: 443,
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        defaultActions: [{ type: "forward" }],
    }),
    "aws:lb/loadBalancer:LoadBalancer": () => ({ loadBalancerType: "application", dropInvalidHeaderFields: true }),
    "aws:dynamodb/table:Table": () => ({ serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN }, pointInTimeRecovery: { enabled: true } }),
    "aws:secretsmanager/secret:Secret": () => ({ kmsKeyId: KEY_ARN }),
    "aws:sns/topic:Topic": () => ({ kmsMasterKeyId: KEY_ARN }),
    "aws:sns/topicPolicy:TopicPolicy": () => ({
        arn: "arn:aws:sns:eu-west-1:123456789012:alerts",
        policy: doc({
            Sid: "AlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: "arn:aws:sns:eu-west-1:123456789012:alerts",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        }),
    }),
    "aws:lambda/function:Function": () => ({
        kmsKeyArn: KEY_ARN,
        environment: {
            variables: { VAULT_ADDR: "https://vault", VAULT_CONNECTION_SECRET_ID: "arn:aws:secretsmanager:eu-west-1:1:secret:c-AbCdEf", SECRETS_PREFIX: "p" },
        },
    }),
    "aws:lambda/permission:Permission": () => ({
        action: "lambda:InvokeFunction",
        principal: "events.amazonaws.com",
        sourceArn: "arn:aws:events:eu-west-1:1:rule/r",
    }),
    "aws:eks/cluster:Cluster": () => ({
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } },
        vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
    }),
    "aws:cloudwatch/logGroup:LogGroup": () => ({ retentionInDays: 30, kmsKeyId: KEY_ARN }),
    "kubernetes:helm.sh/v3:Release": () => ({
        chart: "vault",
        values: {
            global: { tlsDisable: false },
            server: {
                ha: {
                    enabled: true,
                    replicas: 3,
                    raft: { enabled: true, config: 'listener "tcp" {\n  tls_cert_file = "/x"\n}\nseal "awskms" {\n  kms_key_id = "k"\n}\n' },
                },
                serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": ROLE_ARN } },
                service: { type: "ClusterIP" },
            },
            ui: { serviceType: "ClusterIP" },
        },
    }),
};

export function goodOf(type: string): Record<string, any> {
    const make = good[type];
    if (!make) throw new Error(`no good factory for ${type}`);
    return make();
}

/** Runs one policy over one resource. */
export function check(policy: Policy, type: string, props: Record<string, any>, config?: Record<string, unknown>): Promise<Verdict[]> {
    return runPolicies([{ type, name: "r", props }], { policies: [policy], config: config ? { [policy.name]: config } : undefined });
}

/** The case table every rule test runs: the good resource passes, each mutation fails, another type is not judged. */
export function ruleCases(policy: Policy, type: string, mutations: Record<string, (props: Record<string, any>) => void>): void {
    it("passes the good resource", async () => {
        assert.deepStrictEqual(await check(policy, type, goodOf(type)), []);
    });
    for (const [what, mutate] of Object.entries(mutations)) {
        it(`fails when ${what}`, async () => {
            const props = goodOf(type);
            mutate(props);
            const verdicts = await check(policy, type, props);
            assert.ok(verdicts.length > 0, "no violation reported");
            assert.strictEqual(verdicts[0].policy, policy.name);
            assert.strictEqual(verdicts[0].enforcementLevel, policy.enforcementLevel);
        });
    }
    it("does not judge another resource type", async () => {
        assert.deepStrictEqual(await check(policy, "aws:route53/zone:Zone", { name: "*", policy: "*", ingress: "*" }), []);
    });
}
