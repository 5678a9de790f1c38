// The picture's type table: which resource types are boxes a reader needs (network and zones, load balancer, nodes,
// pods, storage, keys, function, topic, logs, endpoints), how repeated ones collapse into one box, and why the
// rest are left out. A new resource type needs one row; test/scripts/graph.test.ts fails for a planned type without one.
import type { PlanIndex } from "../offline/plan-index";
import type { RecordedResource } from "../offline/recorder";

export type Shape = "box" | "store" | "external";

export interface NodeRule {
    readonly shape: Shape;
    /** Resources of this type in one component with the same key share one box. */
    readonly collapse?: (r: RecordedResource) => string;
    /** The box's lines, from the resources it stands for. */
    readonly label: (members: RecordedResource[], index: PlanIndex) => string[];
}

export type GraphRule = { readonly node: NodeRule } | { readonly hidden: string };

const count = (members: unknown[], one: string, many = `${one}s`) => (members.length === 1 ? one : `${many} ×${members.length}`);
const distinct = (values: unknown[]) => [...new Set(values.filter((v) => v !== undefined && v !== ""))];
const zonesOf = (subnets: RecordedResource[]) => distinct(subnets.map((s) => s.inputs.availabilityZone));

export const GRAPH_RULES: Record<string, GraphRule> = {
    "aws:ec2/vpc:Vpc": { node: { shape: "box", label: ([v]) => [`VPC ${v.inputs.cidrBlock}`] } },
    "aws:ec2/subnet:Subnet": {
        node: {
            shape: "box",
            // private-0, private-1 … share a box; so do public-*.
            collapse: (r) => r.name.replace(/-\d+$/, ""),
            label: (members) => [`${count(members, `${members[0].name.replace(/-\d+$/, "").split("-").pop()} subnet`)}`, zonesOf(members).join(", ")],
        },
    },
    "aws:ec2/natGateway:NatGateway": {
        node: { shape: "box", collapse: () => "nat", label: (members) => [count(members, "NAT gateway"), "one Elastic IP each"] },
    },
    "aws:ec2/internetGateway:InternetGateway": { node: { shape: "box", label: () => ["internet gateway"] } },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        node: {
            shape: "box",
            collapse: (r) => String(r.inputs.vpcEndpointType),
            label: (members) => {
                const services = members.map((m) => String(m.inputs.serviceName).split(".").pop()).join(", ");
                const zones = distinct(members.map((m) => (m.inputs.subnetIds ?? []).length));
                return members[0].inputs.vpcEndpointType === "Interface"
                    ? [count(members, "interface endpoint"), services, `private DNS, ${zones.join("/")} zones each`]
                    : [count(members, "gateway endpoint"), services];
            },
        },
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        node: {
            shape: "box",
            label: ([lb], index) => {
                const listeners = index
                    .dependentsOf(lb)
                    .map((d) => d.resource)
                    .filter((d) => d.type === "aws:lb/listener:Listener");
                const ports = listeners.map(
                    (l) => `${l.inputs.protocol} ${l.inputs.port}${l.inputs.defaultActions?.[0]?.type === "redirect" ? " → HTTPS" : ""}`,
                );
                return [`${lb.inputs.internal ? "internal" : "internet-facing"} ${lb.inputs.loadBalancerType === "network" ? "NLB" : "ALB"}`, ports.join(", ")];
            },
        },
    },
    "aws:autoscaling/group:Group": {
        node: {
            shape: "box",
            label: ([g], index) => {
                const template = index.dependencies(g, "launchTemplate")[0];
                const zones = (g.inputs.vpcZoneIdentifiers ?? []).length;
                return [`Auto Scaling group: Vault nodes`, `${g.inputs.desiredCapacity} × ${template?.inputs.instanceType} over ${zones} zones`];
            },
        },
    },
    "aws:eks/cluster:Cluster": {
        node: {
            shape: "box",
            label: ([c]) => [
                `EKS control plane ${c.inputs.version}`,
                c.inputs.vpcConfig?.endpointPublicAccess ? "public + private endpoint" : "private endpoint",
            ],
        },
    },
    "aws:eks/nodeGroup:NodeGroup": {
        node: {
            shape: "box",
            label: ([g]) => [
                `managed node group`,
                `${g.inputs.scalingConfig?.desiredSize} × ${(g.inputs.instanceTypes ?? []).join(", ")} over ${(g.inputs.subnetIds ?? []).length} zones`,
            ],
        },
    },
    "aws:eks/addon:Addon": {
        node: { shape: "box", collapse: () => "addons", label: (members) => [count(members, "EKS add-on"), members.map((m) => m.inputs.addonName).join(", ")] },
    },
    "kubernetes:helm.sh/v3:Release": {
        node: {
            shape: "box",
            label: ([r]) => {
                // A chart that is not Vault's (cert-manager) has no Vault server values to tell.
                if (r.inputs.chart !== "vault") return [`${r.inputs.chart} chart`, `version ${r.inputs.version}`];
                const server = r.inputs.values?.server ?? {};
                const raft = server.ha?.raft?.enabled ? "HA Raft" : server.ha?.enabled ? "HA" : "standalone";
                return [
                    `${r.inputs.chart} chart (${raft})`,
                    `${server.ha?.replicas ?? 1} pods, volumes ${server.dataStorage?.size ?? "-"} data + ${server.auditStorage?.size ?? "-"} audit`,
                ];
            },
        },
    },
    "kubernetes:core/v1:Service": {
        node: {
            shape: "box",
            label: ([s]) => {
                const internal = s.inputs.metadata?.annotations?.["service.beta.kubernetes.io/aws-load-balancer-internal"] === "true";
                const ports = (s.inputs.spec?.ports ?? []).map((p: any) => `${p.port} → ${p.targetPort}`);
                return [
                    `${internal ? "internal " : ""}${s.inputs.spec?.type === "LoadBalancer" ? "NLB" : "service"} ${s.inputs.metadata?.name}`,
                    ports.join(", "),
                ];
            },
        },
    },
    "kubernetes:batch/v1:CronJob": { node: { shape: "box", label: ([j]) => [`CronJob ${j.inputs.metadata?.name}`, String(j.inputs.spec?.schedule)] } },
    "aws:dynamodb/table:Table": {
        node: {
            shape: "store",
            label: ([t]) => [
                `DynamoDB ${(t.inputs.attributes ?? []).map((a: any) => a.name).join("/")}`,
                [t.inputs.billingMode === "PAY_PER_REQUEST" ? "on-demand" : "provisioned", t.inputs.pointInTimeRecovery?.enabled ? "PITR" : ""]
                    .filter(Boolean)
                    .join(", "),
            ],
        },
    },
    "aws:kms/key:Key": { node: { shape: "store", label: ([k]) => [`KMS key`, String(k.inputs.description ?? k.name)] } },
    "aws:kms/replicaKey:ReplicaKey": { node: { shape: "store", label: ([k]) => [`KMS replica key`, String(k.inputs.description ?? k.name)] } },
    "aws:lambda/function:Function": {
        node: {
            shape: "box",
            label: ([f]) => [
                `Lambda ${f.inputs.runtime} ${(f.inputs.architectures ?? []).join("")}`,
                `${f.inputs.memorySize} MB, timeout ${f.inputs.timeout} s`,
            ],
        },
    },
    "aws:cloudwatch/eventRule:EventRule": {
        node: { shape: "box", label: ([e]) => [`EventBridge ${e.inputs.scheduleExpression ? "schedule" : "rule"}`, String(e.inputs.scheduleExpression ?? "")] },
    },
    "aws:sns/topic:Topic": { node: { shape: "box", label: ([t]) => [`SNS topic`, String(t.inputs.displayName ?? "")] } },
    "aws:sns/topicSubscription:TopicSubscription": {
        node: { shape: "external", collapse: (r) => r.inputs.protocol, label: (members) => [count(members, `${members[0].inputs.protocol} subscription`)] },
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        node: {
            shape: "store",
            collapse: () => "logs",
            label: (members) => [count(members, "log group"), `kept ${distinct(members.map((m) => m.inputs.retentionInDays)).join("/")} days`],
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { node: { shape: "box", collapse: () => "alarms", label: (members) => [count(members, "CloudWatch alarm")] } },
    "aws:backup/vault:Vault": { node: { shape: "store", label: () => ["AWS Backup vault"] } },
    "aws:cloudwatch/dashboard:Dashboard": { node: { shape: "box", label: ([d]) => ["CloudWatch dashboard", String(d.inputs.dashboardName ?? "")] } },
    "aws:s3/bucket:Bucket": { node: { shape: "store", label: () => ["S3 bucket"] } },
    "aws:secretsmanager/secret:Secret": { node: { shape: "store", label: () => ["Secrets Manager secret"] } },
    "aws:sqs/queue:Queue": {
        node: { shape: "store", collapse: () => "queues", label: (members) => [count(members, "SQS FIFO queue"), "audit events, one batch at a time"] },
    },
    // Left out: they carry settings, or the edges of the boxes above (scripts/graph/connectors.ts draws those).
    "aws:ec2/eip:Eip": { hidden: "counted in the NAT gateway box" },
    "aws:ec2/routeTable:RouteTable": { hidden: "drawn as the route edges from subnets" },
    "aws:ec2/route:Route": { hidden: "drawn as an edge from the subnets to the gateway" },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { hidden: "drawn as the route edges from subnets" },
    "aws:ec2/securityGroup:SecurityGroup": { hidden: "drawn as the edges its rules allow" },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { hidden: "emptied: allows nothing" },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { hidden: "drawn as an edge" },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { hidden: "drawn as an edge" },
    "aws:ec2/launchTemplate:LaunchTemplate": { hidden: "part of the Auto Scaling group or node group box" },
    "aws:lb/listener:Listener": { hidden: "listed in the load balancer box; drawn as the edge to its targets" },
    "aws:lb/targetGroup:TargetGroup": { hidden: "drawn as the edge from the load balancer to its targets" },
    "aws:acm/certificate:Certificate": { hidden: "the listener's certificate" },
    "aws:iam/role:Role": { hidden: "identities: the access matrix (plan --access) shows what each may do" },
    "aws:iam/rolePolicy:RolePolicy": { hidden: "identities: see plan --access" },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { hidden: "identities: see plan --access" },
    "aws:iam/instanceProfile:InstanceProfile": { hidden: "identities: see plan --access" },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { hidden: "identities: see plan --access" },
    "aws:kms/alias:Alias": { hidden: "a name for its key" },
    "aws:backup/plan:Plan": { hidden: "drawn as the edge from the backed-up table to the vault" },
    "aws:backup/selection:Selection": { hidden: "drawn as the edge from the backed-up table to the vault" },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { hidden: "a bucket setting" },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { hidden: "a bucket setting" },
    "aws:s3/bucketPolicy:BucketPolicy": { hidden: "a bucket setting" },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { hidden: "a bucket setting" },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { hidden: "drawn as the bucket's key edge" },
    "aws:s3/bucketVersioning:BucketVersioning": { hidden: "a bucket setting" },
    "aws:sns/topicPolicy:TopicPolicy": { hidden: "a topic setting" },
    "aws:cloudwatch/eventTarget:EventTarget": { hidden: "drawn as the edge from the rule to its target" },
    "aws:lambda/permission:Permission": { hidden: "the schedule's right to invoke: drawn as that edge" },
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": { hidden: "a function setting" },
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": { hidden: "drawn as the edge from the audit log group to the function" },
    "aws:lambda/eventSourceMapping:EventSourceMapping": { hidden: "drawn as the edge from the event queue to the function" },
    "aws:eks/accessEntry:AccessEntry": { hidden: "identities: see plan --access" },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { hidden: "identities: see plan --access" },
    "kubernetes:core/v1:Namespace": { hidden: "the release's namespace" },
    "kubernetes:core/v1:Secret": { hidden: "the release's TLS material" },
    "kubernetes:core/v1:ServiceAccount": { hidden: "identities: see plan --access" },
    "kubernetes:rbac.authorization.k8s.io/v1:Role": { hidden: "identities: see plan --access" },
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": { hidden: "identities: see plan --access" },
    "kubernetes:storage.k8s.io/v1:StorageClass": { hidden: "the encrypted gp3 class: drawn as the key edge to the pods' volumes" },
    "kubernetes:cert-manager.io/v1:Issuer": { hidden: "the CA cert-manager issues Vault's certificate from" },
    "kubernetes:cert-manager.io/v1:Certificate": { hidden: "Vault's server certificate, renewed by cert-manager" },
    "tls:index/privateKey:PrivateKey": { hidden: "made by Pulumi locally" },
    "tls:index/selfSignedCert:SelfSignedCert": { hidden: "made by Pulumi locally" },
    "tls:index/certRequest:CertRequest": { hidden: "made by Pulumi locally" },
    "tls:index/locallySignedCert:LocallySignedCert": { hidden: "made by Pulumi locally" },
};
