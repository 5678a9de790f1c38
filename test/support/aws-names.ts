// AWS's limits on the physical names of the resource types Strongroom creates, and the names Pulumi will give them.
// The mock runtime accepts any name; AWS refuses a name over its limit at create time, after other resources exist.
// Sources: each service's API reference (CreateLoadBalancer Name: 32; CreateTargetGroup Name: 32; CreateRole
// RoleName: 64; CreateBackupVault/CreateBackupPlan/CreateBackupSelection names: 50; CreateFunction: 64; PutRule: 64;
// CreateNodegroup: 63; CreateCluster: 100; CreateBucket: 3-63 lower-case; PutSubscriptionFilter filterName: 512;
// Kubernetes object names: RFC 1123/1035).
import { RecordedResource } from "../../scripts/offline/recorder";

export interface NameRule {
    /** The input that holds the name; when absent Pulumi autonames it from the logical name. */
    readonly field: string;
    readonly max: number;
    readonly pattern?: RegExp;
    /** Characters Pulumi's autonaming adds: "-" and 7 random characters for AWS, "-" and 8 for Kubernetes. */
    readonly suffix: number;
}

const aws = (max: number, pattern?: RegExp, field = "name"): NameRule => ({ field, max, pattern, suffix: 8 });
const k8s = (max: number): NameRule => ({ field: "metadata.name", max, pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, suffix: 9 });

export const NAME_RULES: Record<string, NameRule> = {
    "aws:autoscaling/group:Group": aws(255),
    "aws:backup/plan:Plan": aws(50, /^[A-Za-z0-9_.-]+$/),
    "aws:backup/selection:Selection": aws(50, /^[A-Za-z0-9_.-]+$/),
    "aws:backup/vault:Vault": aws(50, /^[A-Za-z0-9_-]+$/),
    "aws:cloudwatch/eventRule:EventRule": aws(64, /^[.\-_A-Za-z0-9]+$/),
    "aws:cloudwatch/logGroup:LogGroup": aws(512, /^[.\-_/#A-Za-z0-9]+$/),
    // PutSubscriptionFilter filterName: 1-512, no ':' or '*'.
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": aws(512, /^[^:*]+$/),
    "aws:cloudwatch/metricAlarm:MetricAlarm": aws(255),
    // PutDashboard DashboardName: up to 255 of A-Z, a-z, 0-9, "-" and "_".
    "aws:cloudwatch/dashboard:Dashboard": aws(255, /^[A-Za-z0-9_-]+$/, "dashboardName"),
    "aws:dynamodb/table:Table": aws(255, /^[A-Za-z0-9_.-]+$/),
    "aws:ec2/launchTemplate:LaunchTemplate": aws(128, /^[A-Za-z0-9().\-/_]+$/),
    "aws:ec2/securityGroup:SecurityGroup": aws(255),
    "aws:eks/cluster:Cluster": aws(100, /^[0-9A-Za-z][A-Za-z0-9\-_]*$/),
    "aws:eks/nodeGroup:NodeGroup": aws(63, /^[0-9A-Za-z][A-Za-z0-9\-_]*$/, "nodeGroupName"),
    "aws:iam/instanceProfile:InstanceProfile": aws(128, /^[\w+=,.@-]+$/),
    "aws:iam/role:Role": aws(64, /^[\w+=,.@-]+$/),
    "aws:iam/rolePolicy:RolePolicy": aws(128, /^[\w+=,.@-]+$/),
    "aws:kms/alias:Alias": aws(256, /^alias\/[a-zA-Z0-9/_-]+$/),
    "aws:lambda/function:Function": aws(64, /^[a-zA-Z0-9-_]+$/),
    "aws:lb/loadBalancer:LoadBalancer": aws(32, /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/),
    "aws:lb/targetGroup:TargetGroup": aws(32, /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/),
    "aws:s3/bucket:Bucket": aws(63, /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "bucket"),
    "aws:sns/topic:Topic": aws(256, /^[A-Za-z0-9_-]+$/),
    // CreateQueue QueueName: 1-80, alphanumerics, - and _, a FIFO queue's ending in .fifo.
    "aws:sqs/queue:Queue": aws(80, /^[A-Za-z0-9_-]+(\.fifo)?$/),
    "kubernetes:batch/v1:CronJob": k8s(52),
    "kubernetes:cert-manager.io/v1:Certificate": k8s(253),
    "kubernetes:cert-manager.io/v1:Issuer": k8s(253),
    "kubernetes:core/v1:Namespace": k8s(63),
    "kubernetes:core/v1:Secret": k8s(253),
    "kubernetes:core/v1:Service": k8s(63),
    "kubernetes:core/v1:ServiceAccount": k8s(253),
    "kubernetes:rbac.authorization.k8s.io/v1:Role": k8s(253),
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": k8s(253),
    "kubernetes:helm.sh/v3:Release": { field: "name", max: 53, pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, suffix: 9 },
    "kubernetes:storage.k8s.io/v1:StorageClass": k8s(253),
};

/** Types whose physical identity AWS or the provider assigns (ids, ARNs): nothing named, nothing to check. */
export const UNNAMED_TYPES = new Set([
    "aws:acm/certificate:Certificate",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/eip:Eip",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/route:Route",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:eks/addon:Addon",
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    "aws:kms/key:Key",
    "aws:lambda/eventSourceMapping:EventSourceMapping",
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    "aws:lambda/permission:Permission",
    "aws:lb/listener:Listener",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
]);

/** The name AWS will see: the given one, or the logical name with the longest autonaming suffix. */
export function physicalName(r: RecordedResource, rule: NameRule): string {
    let given: unknown = r.inputs;
    for (const part of rule.field.split(".")) given = (given as Record<string, unknown> | undefined)?.[part];
    if (typeof given === "string") return given;
    return `${r.name}-${"x".repeat(rule.suffix - 1)}`;
}

/** Every name in a run that AWS (or Kubernetes) would refuse, and every type with no known rule. */
export function nameProblems(resources: readonly RecordedResource[]): string[] {
    const problems: string[] = [];
    for (const r of resources) {
        if (!r.custom || r.type.startsWith("pulumi:providers:") || r.type.startsWith("tls:") || UNNAMED_TYPES.has(r.type)) continue;
        const rule = NAME_RULES[r.type];
        if (!rule) {
            problems.push(`${r.type}: no name rule; add its limit to test/support/aws-names.ts (or list it as unnamed)`);
            continue;
        }
        const name = physicalName(r, rule);
        if (name.length > rule.max) problems.push(`${r.type} ${r.name}: "${name}" is ${name.length} characters, over ${rule.max}`);
        else if (rule.pattern && !rule.pattern.test(name.replace(/x+$/, "x")))
            problems.push(`${r.type} ${r.name}: "${name}" has characters AWS does not allow`);
    }
    return problems;
}
