// Every unset input the pack judges is judged as AWS (or the Vault chart) documents it: one table of defaults, each
// with its source, which the README repeats and each rule's message quotes (issue #18, second review). And the data
// stores Strongroom creates that the pack used to leave out: AWS Backup vaults, certificates and keys, Auto Scaling
// groups, endpoint policies, event targets.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { AWS_DEFAULTS, DefaultKey } from "../../policies/lib/aws-defaults";
import { runPolicies } from "../../policies/offline";
import { doc, goodOf, KEY_ARN } from "./good";

const readme = fs.readFileSync("README.md", "utf8");

async function messages(type: string, props: Record<string, any>): Promise<string[]> {
    return (await runPolicies([{ type, name: "r", props }])).filter((v) => v.enforcementLevel !== "disabled").map((v) => `${v.policy}: ${v.message}`);
}
const without = (type: string, path: string) => {
    const props = goodOf(type);
    const parts = path.split(".");
    const parent = parts.slice(0, -1).reduce((o, p) => o[p], props);
    delete parent[parts[parts.length - 1]];
    return props;
};

/** An input left unset, and the default (from the table) its rule must quote. */
const UNSET: [DefaultKey, string, Record<string, any>][] = [
    ["ec2.httpTokens", "aws:ec2/launchTemplate:LaunchTemplate", without("aws:ec2/launchTemplate:LaunchTemplate", "metadataOptions.httpTokens")],
    ["ec2.hopLimit", "aws:ec2/launchTemplate:LaunchTemplate", without("aws:ec2/launchTemplate:LaunchTemplate", "metadataOptions.httpPutResponseHopLimit")],
    ["eks.nodeGroupLaunchTemplate", "aws:eks/nodeGroup:NodeGroup", { clusterName: "c" }],
    ["ebs.rootDevice", "aws:ec2/instance:Instance", without("aws:ec2/instance:Instance", "rootBlockDevice")],
    ["ebs.kmsKeyId", "aws:ec2/instance:Instance", without("aws:ec2/instance:Instance", "rootBlockDevice.kmsKeyId")],
    ["ec2.instanceSubnet", "aws:ec2/instance:Instance", without("aws:ec2/instance:Instance", "associatePublicIpAddress")],
    ["ec2.defaultSubnetPublicIp", "aws:ec2/defaultSubnet:DefaultSubnet", { availabilityZone: "eu-west-1a" }],
    ["lb.sslPolicy", "aws:lb/listener:Listener", without("aws:lb/listener:Listener", "sslPolicy")],
    [
        "lb.redirectProtocol",
        "aws:lb/listener:Listener",
        { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { port: "443", statusCode: "HTTP_301" } }] },
    ],
    ["lb.dropInvalidHeaders", "aws:lb/loadBalancer:LoadBalancer", without("aws:lb/loadBalancer:LoadBalancer", "dropInvalidHeaderFields")],
    ["kms.policy", "aws:kms/key:Key", without("aws:kms/key:Key", "policy")],
    ["kms.rotation", "aws:kms/key:Key", without("aws:kms/key:Key", "enableKeyRotation")],
    ["dynamodb.tableKey", "aws:dynamodb/table:Table", without("aws:dynamodb/table:Table", "serverSideEncryption")],
    ["dynamodb.pitr", "aws:dynamodb/table:Table", without("aws:dynamodb/table:Table", "pointInTimeRecovery")],
    ["dynamodb.replicaKey", "aws:dynamodb/tableReplica:TableReplica", { globalTableArn: "t", pointInTimeRecovery: true }],
    ["secretsmanager.key", "aws:secretsmanager/secret:Secret", {}],
    ["sns.key", "aws:sns/topic:Topic", {}],
    ["lambda.key", "aws:lambda/function:Function", without("aws:lambda/function:Function", "kmsKeyArn")],
    ["logs.key", "aws:cloudwatch/logGroup:LogGroup", without("aws:cloudwatch/logGroup:LogGroup", "kmsKeyId")],
    ["logs.retention", "aws:cloudwatch/logGroup:LogGroup", without("aws:cloudwatch/logGroup:LogGroup", "retentionInDays")],
    ["backup.vaultKey", "aws:backup/vault:Vault", { name: "v" }],
    ["s3.defaultEncryption", "aws:s3/bucket:Bucket", { bucket: "b" }],
    ["s3.publicAccessBlock", "aws:s3/bucket:Bucket", { bucket: "b" }],
    ["s3.versioning", "aws:s3/bucket:Bucket", { bucket: "b" }],
    ["eks.secretsKey", "aws:eks/cluster:Cluster", without("aws:eks/cluster:Cluster", "encryptionConfig")],
    ["eks.publicEndpoint", "aws:eks/cluster:Cluster", without("aws:eks/cluster:Cluster", "vpcConfig.endpointPublicAccess")],
    ["eks.logs", "aws:eks/cluster:Cluster", without("aws:eks/cluster:Cluster", "enabledClusterLogTypes")],
    ["vault.chartTls", "kubernetes:helm.sh/v3:Release", without("kubernetes:helm.sh/v3:Release", "values.global.tlsDisable")],
    ["vault.imageCmd", "kubernetes:core/v1:Pod", { spec: { containers: [{ name: "v", image: "hashicorp/vault" }] } }],
    ["tls.ecdsaCurve", "tls:index/privateKey:PrivateKey", { algorithm: "ECDSA" }],
    ["autoscaling.subnets", "aws:autoscaling/group:Group", { launchTemplate: { id: "lt" }, maxSize: 3, minSize: 3 }],
    ["ec2.defaultSecurityGroup", "aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" }],
];

describe("AWS defaults the pack assumes", () => {
    it("each comes with the documentation it was read from", () => {
        for (const [key, d] of Object.entries(AWS_DEFAULTS)) {
            assert.ok(d.sources.length > 0, key);
            for (const s of d.sources) assert.match(s, /^https?:\/\/(docs\.aws\.amazon\.com|www\.pulumi\.com|github\.com\/hashicorp)\//, `${key}: ${s}`);
        }
    });

    for (const [key, type, props] of UNSET)
        it(`${key}: an unset ${AWS_DEFAULTS[key].input.split(" (")[0]} is refused with what AWS does`, async () => {
            const found = await messages(type, props);
            assert.ok(
                found.some((m) => m.includes(AWS_DEFAULTS[key].unset)),
                `${type}: ${found.join(" | ") || "nothing reported"}`,
            );
        });

    it("the README's table of defaults is this table", () => {
        const rows = Object.values(AWS_DEFAULTS).map((d) => `| ${d.input} | ${d.unset} | ${d.sources.map((s, i) => `[${i + 1}](${s})`).join(" ")} |`);
        const block = ["| input | unset means | source |", "|---|---|---|", ...rows].join("\n");
        assert.ok(
            readme.includes(`<!-- aws-defaults -->\n${block}\n<!-- /aws-defaults -->`),
            `README.md must hold, between its aws-defaults markers:\n${block}`,
        );
    });
});

describe("types Strongroom creates, judged", () => {
    const refusedBy = async (rule: string, type: string, props: Record<string, any>) =>
        assert.ok(
            (await messages(type, props)).some((m) => m.startsWith(`${rule}:`)),
            `${rule} did not refuse ${type} ${JSON.stringify(props)}`,
        );
    const acceptedBy = async (rule: string, type: string, props: Record<string, any>) =>
        assert.deepStrictEqual(
            (await messages(type, props)).filter((m) => m.startsWith(`${rule}:`)),
            [],
        );

    it("an AWS Backup vault needs a customer-managed key, like every data store", async () => {
        await refusedBy("strongroom-backup-vault-cmk", "aws:backup/vault:Vault", { name: "v" });
        await refusedBy("strongroom-backup-vault-cmk", "aws:backup/vault:Vault", {
            name: "v",
            kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/aws/backup",
        });
        await acceptedBy("strongroom-backup-vault-cmk", "aws:backup/vault:Vault", { name: "v", kmsKeyArn: KEY_ARN });
    });
    it("certificate and TLS keys are strong; P224, tls's default curve, is not", async () => {
        await refusedBy("strongroom-tls-key-strength", "aws:acm/certificate:Certificate", { domainName: "v.example.com", keyAlgorithm: "RSA_1024" });
        await acceptedBy("strongroom-tls-key-strength", "aws:acm/certificate:Certificate", { domainName: "v.example.com" });
        await refusedBy("strongroom-tls-key-strength", "tls:index/privateKey:PrivateKey", { algorithm: "RSA", rsaBits: 1024 });
        await acceptedBy("strongroom-tls-key-strength", "tls:index/privateKey:PrivateKey", { algorithm: "ECDSA", ecdsaCurve: "P256" });
        await acceptedBy("strongroom-tls-key-strength", "tls:index/privateKey:PrivateKey", { algorithm: "RSA" });
    });
    it("a certificate a load balancer takes from IAM is held to the same key strength as one from ACM", async () => {
        const selfSigned = (...key: string[]) =>
            execFileSync("openssl", ["req", "-x509", "-newkey", ...key, "-nodes", "-keyout", "/dev/null", "-subj", "/CN=v", "-days", "1"], {
                stdio: ["ignore", "pipe", "ignore"],
            }).toString();
        const serverCertificate = (certificateBody: string) => ({ name: "vault", certificateBody, privateKey: "(not read)" });
        await refusedBy("strongroom-tls-key-strength", "aws:iam/serverCertificate:ServerCertificate", serverCertificate(selfSigned("rsa:1024")));
        await refusedBy("strongroom-tls-key-strength", "aws:acm/certificate:Certificate", {
            certificateBody: selfSigned("rsa:1024"),
            privateKey: "(not read)",
        });
        await acceptedBy("strongroom-tls-key-strength", "aws:iam/serverCertificate:ServerCertificate", serverCertificate(selfSigned("rsa:2048")));
        await acceptedBy(
            "strongroom-tls-key-strength",
            "aws:iam/serverCertificate:ServerCertificate",
            serverCertificate(selfSigned("ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")),
        );
    });
    it("an Auto Scaling group names its subnets", () =>
        acceptedBy("strongroom-ec2-no-public-ip", "aws:autoscaling/group:Group", { vpcZoneIdentifiers: ["subnet-1"], maxSize: 1, minSize: 1 }));
    it("a VPC endpoint policy names only actions AWS has", async () => {
        const endpoint = (Action: string) => ({
            vpcId: "v",
            serviceName: "com.amazonaws.eu-west-1.kms",
            policy: doc({ Effect: "Allow", Principal: "*", Action, Resource: "*" }),
        });
        await refusedBy("strongroom-policy-known-actions", "aws:ec2/vpcEndpoint:VpcEndpoint", endpoint("kms:Decrpyt"));
        await acceptedBy("strongroom-policy-known-actions", "aws:ec2/vpcEndpoint:VpcEndpoint", endpoint("kms:Decrypt"));
    });
    it("an EventBridge target sends no literal credential", async () => {
        const target = "aws:cloudwatch/eventTarget:EventTarget";
        await refusedBy("strongroom-event-target-credentials", target, {
            rule: "r",
            arn: "a",
            input: JSON.stringify({ vault_token: "hvs.CAESIJ0123456789abcdefghijkl" }),
        });
        await refusedBy("strongroom-event-target-credentials", target, {
            rule: "r",
            arn: "a",
            httpTarget: { headerParameters: { Authorization: "Bearer x" } },
        });
        await acceptedBy("strongroom-event-target-credentials", target, { rule: "r", arn: "a", input: JSON.stringify({ mount: "kv" }) });
    });
});
