// Mock provider answers for running the program with no cloud: plausible ids, ARNs and lookups, derived from
// the inputs so tests can follow references (a role's ARN ends in its name, a VPC keeps its CIDR).
import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";

/** The version the mock gives for an EKS add-on on a Kubernetes version: it names both, so tests can follow it. */
export function mockAddonVersion(addonName: string, kubernetesVersion: string): string {
    return `v${kubernetesVersion}.0-${addonName}-eksbuild.1`;
}

export function mockResourceState(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: Record<string, unknown> } {
    const { type, name, inputs } = args;
    const id = `${name}-id`;
    const [, module = "", kind = ""] = type.split(":");
    const service = module.split("/")[0];
    const physical = (inputs.name as string | undefined) ?? `${name}-0000000`;
    const arn =
        service === "iam"
            ? `arn:aws:iam::${MOCK_ACCOUNT_ID}:${kind.toLowerCase()}/${physical}`
            : `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${kind.toLowerCase()}/${physical}`;
    const state: Record<string, unknown> = { ...inputs, arn, id, name: physical };
    switch (type) {
        case "aws:kms/key:Key":
            Object.assign(state, {
                keyId: `${name}-key-id`,
                arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${name}-key-id`,
                multiRegion: Boolean(inputs.multiRegion),
            });
            break;
        case "aws:kms/replicaKey:ReplicaKey": {
            // A replica shares its primary's key id, in its own region.
            const keyId = String(inputs.primaryKeyArn).split("key/")[1];
            Object.assign(state, { keyId, arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${keyId}` });
            break;
        }
        case "aws:dynamodb/table:Table":
            Object.assign(state, { arn: `arn:aws:dynamodb:${region}:${MOCK_ACCOUNT_ID}:table/${physical}` });
            break;
        case "aws:lb/loadBalancer:LoadBalancer":
        case "aws:alb/loadBalancer:LoadBalancer":
            Object.assign(state, { dnsName: `${physical}.${region}.elb.amazonaws.com`, zoneId: "Z0000000000000", arnSuffix: `app/${physical}/0` });
            break;
        case "aws:lb/targetGroup:TargetGroup":
            Object.assign(state, { arnSuffix: `targetgroup/${physical}/0` });
            break;
        case "aws:eks/cluster:Cluster":
            Object.assign(state, {
                endpoint: `https://${name}.gr7.${region}.eks.amazonaws.com`,
                certificateAuthority: { data: Buffer.from("mock-ca").toString("base64") },
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/MOCK${name.length}` }] }],
            });
            break;
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            Object.assign(state, { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` });
            break;
        case "aws:secretsmanager/secret:Secret":
            Object.assign(state, { arn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:${physical}-AbCdEf` });
            break;
        case "aws:lambda/function:Function":
            Object.assign(state, {
                arn: `arn:aws:lambda:${region}:${MOCK_ACCOUNT_ID}:function:${physical}`,
                invokeArn: `arn:aws:apigateway:${region}:lambda:path/functions/${physical}`,
            });
            break;
        case "aws:sns/topic:Topic":
            Object.assign(state, { arn: `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:${physical}` });
            break;
        case "aws:cloudwatch/logGroup:LogGroup":
            Object.assign(state, { arn: `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${physical}` });
            break;
        case "aws:backup/vault:Vault":
            Object.assign(state, { arn: `arn:aws:backup:${region}:${MOCK_ACCOUNT_ID}:backup-vault:${physical}` });
            break;
        case "aws:sqs/queue:Queue":
            Object.assign(state, {
                arn: `arn:aws:sqs:${region}:${MOCK_ACCOUNT_ID}:${physical}`,
                url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${physical}`,
            });
            break;
        case "aws:cloudwatch/eventRule:EventRule":
            Object.assign(state, { arn: `arn:aws:events:${region}:${MOCK_ACCOUNT_ID}:rule/${physical}` });
            break;
        case "aws:s3/bucket:Bucket":
            Object.assign(state, { bucket: `${name}-0000000`, arn: `arn:aws:s3:::${name}-0000000` });
            break;
        case "aws:autoscaling/group:Group":
            Object.assign(state, { name: physical });
            break;
        case "tls:index/privateKey:PrivateKey":
            Object.assign(state, { privateKeyPem: "mock-private-key-pem", publicKeyPem: "mock-public-key-pem" });
            break;
        case "tls:index/selfSignedCert:SelfSignedCert":
        case "tls:index/locallySignedCert:LocallySignedCert":
            Object.assign(state, {
                certPem: `-----BEGIN CERTIFICATE-----\nMOCK${name}\n-----END CERTIFICATE-----\n`,
                // As if issued at the mock runtime's fixed moment, so plans are reproducible.
                validityEndTime: new Date(Date.parse("2026-11-30T00:00:00Z") + Number(inputs.validityPeriodHours ?? 0) * 3_600_000).toISOString(),
            });
            break;
        case "tls:index/certRequest:CertRequest":
            Object.assign(state, { certRequestPem: "mock-csr" });
            break;
        case "kubernetes:core/v1:Service":
            Object.assign(state, { status: { loadBalancer: { ingress: [{ hostname: `${name}-0000.elb.${region}.amazonaws.com` }] } } });
            break;
    }
    return { id, state };
}

export function mockCall(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
    switch (args.token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: ["a", "b", "c", "d", "e", "f"].map((z) => `${region}${z}`), zoneIds: ["1", "2", "3", "4", "5", "6"].map((z) => `euw1-az${z}`) };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/mock`, userId: "MOCK" };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, endpoint: `ec2.${region}.amazonaws.com` };
        case "aws:eks/getAddonVersion:getAddonVersion":
            return { ...args.inputs, version: mockAddonVersion(String(args.inputs.addonName), String(args.inputs.kubernetesVersion)) };
        case "aws:ec2/getVpc:getVpc":
            return { id: args.inputs.id, cidrBlock: "10.99.0.0/16" };
        case "aws:ec2/getSubnet:getSubnet":
            return {
                id: args.inputs.id,
                availabilityZone: `${region}${"abc"[parseInt(String(args.inputs.id).slice(-1), 16) % 3]}`,
                cidrBlock: `10.99.${parseInt(String(args.inputs.id).slice(-2), 16)}.0/24`,
            };
        default:
            return args.inputs;
    }
}
