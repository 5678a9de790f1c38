// The cost type table: for every resource type Strongroom creates, how it is priced, or why it costs nothing.
// A new resource type needs one row here; test/scripts/cost.test.ts fails for a planned type without one.
import type { RecordedResource } from "../offline/recorder";
import type { PlanIndex } from "../offline/plan-index";
import { versionRow } from "../../infra/vault-eks/kubernetes-versions";
import { ASSUMPTIONS } from "./assumptions";
import type { RegionPrices } from "./prices";

export interface CostContext {
    readonly index: PlanIndex;
    readonly prices: RegionPrices;
    /** Secrets the replication function keeps in Secrets Manager (--secrets). */
    readonly secrets: number;
    /** The day the estimate is for: decides whether an EKS version is in standard or extended support. */
    readonly asOf: Date;
}

export interface CostLine {
    readonly item: string;
    /** How the amount is made, e.g. "2 × 730 h × $0.0092". */
    readonly quantity: string;
    readonly monthly: number;
    /** Price keys used (vendor/aws-prices/prices.json). */
    readonly prices: string[];
    readonly note?: string;
}

export type CostRule = { readonly free: string } | { readonly price: (r: RecordedResource, ctx: CostContext) => CostLine[] };

const usd = (n: number) => `$${n < 0.01 ? n.toPrecision(2) : n.toFixed(n < 1 ? 4 : 2)}`;

/** `count` things billed by the hour, for a month. */
function hourly(ctx: CostContext, item: string, key: string, count: number, note?: string): CostLine {
    const p = ctx.prices.price(key);
    const hours = ctx.prices.hoursPerMonth;
    return { item, quantity: `${count} × ${hours} h × ${usd(p.usd)}`, monthly: count * hours * p.usd, prices: [key], note };
}

/** `amount` units of a per-unit price (`per` units per price, e.g. 10,000 requests). */
function usage(ctx: CostContext, item: string, key: string, amount: number, per = 1, note?: string): CostLine {
    const p = ctx.prices.price(key);
    const shown = per === 1 ? `${round(amount)} ${p.unit}` : `${round(amount)} / ${per.toLocaleString("en-US")}`;
    return { item, quantity: `${shown} × ${usd(p.usd)}`, monthly: (amount / per) * p.usd, prices: [key], note };
}

const round = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(2));

function launchTemplateVolumes(r: RecordedResource, ctx: CostContext, count: number): CostLine[] {
    const template = ctx.index.dependencies(r, "launchTemplate")[0];
    const gb = (template?.inputs.blockDeviceMappings ?? []).reduce((sum: number, m: any) => sum + Number(m.ebs?.volumeSize ?? 0), 0);
    return gb > 0 ? [usage(ctx, `root volumes (${count} × ${gb} GB gp3)`, "ebs.gp3", count * gb)] : [];
}

function instances(ctx: CostContext, item: string, type: string, count: number): CostLine {
    const p = ctx.prices.instance(type);
    const hours = ctx.prices.hoursPerMonth;
    return { item, quantity: `${count} × ${hours} h × ${usd(p.usd)}`, monthly: count * hours * p.usd, prices: [p.key] };
}

/** Runs per month of an EventBridge rate() or a cron expression (minute-level crons are approximated per day). */
export function runsPerMonth(expression: string): number {
    const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
    if (rate) return (30 * 1440) / (Number(rate[1]) * { minute: 1, hour: 60, day: 1440 }[rate[2] as "minute" | "hour" | "day"]);
    const fields = expression
        .replace(/^cron\((.*)\)$/, "$1")
        .trim()
        .split(/\s+/);
    const perDay = (field: string, span: number) =>
        field === "*" || field === "?" ? span : field.startsWith("*/") ? span / Number(field.slice(2)) : field.split(",").length;
    const daily = perDay(fields[0], 60) * perDay(fields[1], 24);
    const dayOfMonth = fields[2];
    const dayOfWeek = fields[4];
    const days = [dayOfMonth, dayOfWeek].every((f) => f === "*" || f === "?") ? 30 : 4;
    return daily * days;
}

/** A function that writes Secrets Manager copies (SECRETS_PREFIX) pays for them: --secrets of them, and its calls. */
function replicatedSecrets(r: RecordedResource, ctx: CostContext, runs: number): CostLine[] {
    const prefix = r.inputs.environment?.variables?.SECRETS_PREFIX;
    if (prefix === undefined) return [];
    // Each run pages through ListSecrets (100 a page); changed secrets are written once each.
    const calls = runs * Math.max(1, Math.ceil(ctx.secrets / 100)) + ASSUMPTIONS.secretChanges.value;
    return [
        usage(ctx, `replicated secrets under ${prefix}/ (--secrets ${ctx.secrets})`, "secretsmanager.secret", ctx.secrets),
        usage(ctx, "Secrets Manager API calls", "secretsmanager.requests", calls, 10_000),
    ];
}

const gi = (size: string) => Number(/^(\d+)Gi$/.exec(size)?.[1] ?? 0);

export const COST_RULES: Record<string, CostRule> = {
    // Compute
    "aws:autoscaling/group:Group": {
        price: (r, ctx) => {
            const template = ctx.index.dependencies(r, "launchTemplate")[0];
            const count = Number(r.inputs.desiredCapacity ?? r.inputs.minSize);
            return [
                instances(ctx, `Vault nodes (${count} × ${template.inputs.instanceType})`, template.inputs.instanceType, count),
                ...launchTemplateVolumes(r, ctx, count),
            ];
        },
    },
    "aws:eks/nodeGroup:NodeGroup": {
        price: (r, ctx) => {
            const count = Number(r.inputs.scalingConfig.desiredSize);
            const type = r.inputs.instanceTypes[0];
            return [instances(ctx, `worker nodes (${count} × ${type})`, type, count), ...launchTemplateVolumes(r, ctx, count)];
        },
    },
    "aws:eks/cluster:Cluster": {
        price: (r, ctx) => {
            const version = String(r.inputs.version);
            // The one table of EKS support dates, with its source (the version policy reads it too).
            const ends = versionRow(version)?.endOfStandardSupport;
            if (!ends) throw new Error(`no EKS support dates for Kubernetes ${version} in infra/vault-eks/kubernetes-versions.ts`);
            const extended = ctx.asOf.getTime() >= Date.parse(`${ends}T00:00:00Z`);
            const standard = hourly(ctx, "", "eks.standard", 1).monthly;
            const ext = hourly(ctx, "", "eks.extended", 1).monthly;
            const line = hourly(
                ctx,
                `EKS control plane, Kubernetes ${version} (${extended ? "extended" : "standard"} support)`,
                extended ? "eks.extended" : "eks.standard",
                1,
            );
            const note = `standard support $${standard.toFixed(2)}, extended $${ext.toFixed(2)}; ${version} leaves standard support on ${ends}, so ${extended ? "extended" : "standard"} applies on ${ctx.asOf.toISOString().slice(0, 10)}`;
            return [{ ...line, note }];
        },
    },
    "kubernetes:helm.sh/v3:Release": {
        price: (r, ctx) => {
            const server = r.inputs.values?.server ?? {};
            const replicas = Number(server.ha?.replicas ?? 1);
            const each = gi(server.dataStorage?.size ?? "0Gi") + (server.auditStorage?.enabled ? gi(server.auditStorage.size) : 0);
            return each > 0 ? [usage(ctx, `Vault volumes (${replicas} pods × ${each} GiB gp3)`, "ebs.gp3", replicas * each)] : [];
        },
    },
    "aws:lambda/function:Function": {
        price: (r, ctx) => {
            const rule = ctx.index.dependentsOf(r).find((d) => d.resource.type === "aws:cloudwatch/eventTarget:EventTarget")?.resource;
            const schedule = rule ? ctx.index.dependencies(rule, "rule")[0]?.inputs.scheduleExpression : undefined;
            const runs = schedule ? runsPerMonth(schedule) : 0;
            const gbSeconds = (runs * ASSUMPTIONS.functionSeconds.value * Number(r.inputs.memorySize ?? 128)) / 1024;
            const arch = (r.inputs.architectures ?? ["x86_64"])[0];
            if (arch !== "arm64") throw new Error(`no price for ${arch} Lambda duration in vendor/aws-prices/prices.json; add "lambda.${arch}.gbs"`);
            return [
                usage(
                    ctx,
                    `duration (${round(runs)} runs of ${schedule} × ${ASSUMPTIONS.functionSeconds.value} s × ${r.inputs.memorySize} MB)`,
                    "lambda.arm.gbs",
                    gbSeconds,
                ),
                usage(ctx, "requests", "lambda.requests", runs, 1_000_000),
                ...replicatedSecrets(r, ctx, runs),
            ];
        },
    },
    // Network
    "aws:ec2/natGateway:NatGateway": {
        price: (_r, ctx) => [
            hourly(ctx, "NAT gateway", "nat.hour", 1),
            usage(ctx, `data processed (${ASSUMPTIONS.natGb.value} GB)`, "nat.gb", ASSUMPTIONS.natGb.value),
        ],
    },
    "aws:ec2/eip:Eip": { price: (_r, ctx) => [hourly(ctx, "public IPv4 address", "ipv4.hour", 1)] },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        price: (r, ctx) => {
            if (r.inputs.vpcEndpointType !== "Interface") return [];
            const zones = (r.inputs.subnetIds ?? []).length;
            const service = String(r.inputs.serviceName).split(".").pop();
            return [
                hourly(ctx, `${service} interface endpoint (${zones} zones)`, "endpoint.hour", zones),
                usage(ctx, `${service} data processed`, "endpoint.gb", ASSUMPTIONS.endpointGb.value),
            ];
        },
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        price: (r, ctx) => {
            const kind = r.inputs.loadBalancerType === "network" ? "nlb" : "alb";
            return [
                hourly(ctx, `${kind.toUpperCase()} hours`, `${kind}.hour`, 1),
                hourly(ctx, `${kind.toUpperCase()} capacity (${ASSUMPTIONS.lcu.value} LCU)`, kind === "nlb" ? "nlb.nlcu" : "alb.lcu", ASSUMPTIONS.lcu.value),
            ];
        },
    },
    "kubernetes:core/v1:Service": {
        price: (r, ctx) => {
            if (r.inputs.spec?.type !== "LoadBalancer") return [];
            const annotations = r.inputs.metadata?.annotations ?? {};
            if (!String(annotations["service.beta.kubernetes.io/aws-load-balancer-type"] ?? "").includes("nlb")) {
                throw new Error(`Service ${r.name} asks for a load balancer that is not an NLB; only NLB is priced (scripts/cost/rules.ts)`);
            }
            return [hourly(ctx, "NLB hours", "nlb.hour", 1), hourly(ctx, `NLB capacity (${ASSUMPTIONS.lcu.value} NLCU)`, "nlb.nlcu", ASSUMPTIONS.lcu.value)];
        },
    },
    // Data
    "aws:dynamodb/table:Table": {
        price: (r, ctx) => {
            if (r.inputs.billingMode !== "PAY_PER_REQUEST") throw new Error(`table ${r.name} is not on-demand; only on-demand tables are priced`);
            const gb = ASSUMPTIONS.tableGb.value;
            return [
                usage(ctx, `storage (${gb} GB)`, "dynamodb.storage", gb),
                usage(ctx, `writes (${ASSUMPTIONS.tableWrites.value} M)`, "dynamodb.write", ASSUMPTIONS.tableWrites.value),
                usage(ctx, `reads (${ASSUMPTIONS.tableReads.value} M)`, "dynamodb.read", ASSUMPTIONS.tableReads.value),
                ...(r.inputs.pointInTimeRecovery?.enabled ? [usage(ctx, "point-in-time recovery", "dynamodb.pitr", gb)] : []),
            ];
        },
    },
    "aws:backup/plan:Plan": {
        price: (r, ctx) =>
            (r.inputs.rules ?? []).map((rule: any) => {
                const kept = Math.round((runsPerMonth(rule.schedule) / 30) * Number(rule.lifecycle?.deleteAfter ?? 35));
                return usage(
                    ctx,
                    `${kept} full table backups kept (${rule.schedule}, ${rule.lifecycle?.deleteAfter} days)`,
                    "backup.dynamodb",
                    kept * ASSUMPTIONS.tableGb.value,
                );
            }),
    },
    "aws:s3/bucket:Bucket": {
        price: (r, ctx) => {
            const dependents = ctx.index.dependentsOf(r).map((d) => d.resource);
            const lifecycle = dependents.find((d) => d.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
            const days = Number(lifecycle?.inputs.rules?.[0]?.expiration?.days ?? 30);
            const job = dependents.find((d) => d.type === "kubernetes:batch/v1:CronJob");
            const perMonth = job ? runsPerMonth(job.inputs.spec.schedule) : 30;
            const kept = (perMonth / 30) * days;
            return [
                usage(
                    ctx,
                    `${round(kept)} snapshots of ${ASSUMPTIONS.snapshotGb.value} GB kept ${days} days`,
                    "s3.standard",
                    kept * ASSUMPTIONS.snapshotGb.value,
                ),
                usage(ctx, "uploads", "s3.put", perMonth, 1000),
            ];
        },
    },
    "aws:kms/key:Key": {
        price: (_r, ctx) => [usage(ctx, "key", "kms.key", 1), usage(ctx, "requests", "kms.requests", ASSUMPTIONS.kmsRequests.value, 10_000)],
    },
    "aws:kms/replicaKey:ReplicaKey": { price: (_r, ctx) => [usage(ctx, "multi-Region replica key", "kms.key", 1)] },
    "aws:secretsmanager/secret:Secret": { price: (_r, ctx) => [usage(ctx, "secret", "secretsmanager.secret", 1)] },
    // Observability
    "aws:cloudwatch/logGroup:LogGroup": {
        price: (r, ctx) => {
            const gb = ASSUMPTIONS.logGb.value;
            const stored = (gb * Math.min(Number(r.inputs.retentionInDays ?? 365), 365)) / 30;
            return [
                usage(ctx, `ingestion (${gb} GB)`, "logs.ingest", gb),
                usage(ctx, `storage (${round(stored)} GB after a year at ${r.inputs.retentionInDays ?? "∞"} days)`, "logs.storage", stored),
            ];
        },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { price: (_r, ctx) => [usage(ctx, "alarm", "cloudwatch.alarm", 1)] },
    // No charge of their own
    "aws:ec2/vpc:Vpc": { free: "VPCs cost nothing" },
    "aws:ec2/subnet:Subnet": { free: "subnets cost nothing" },
    "aws:ec2/routeTable:RouteTable": { free: "route tables cost nothing" },
    "aws:ec2/route:Route": { free: "routes cost nothing" },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { free: "route table associations cost nothing" },
    "aws:ec2/internetGateway:InternetGateway": { free: "internet gateways cost nothing; data transfer out is not estimated" },
    "aws:ec2/securityGroup:SecurityGroup": { free: "security groups cost nothing" },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { free: "security groups cost nothing" },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { free: "security group rules cost nothing" },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { free: "security group rules cost nothing" },
    "aws:ec2/launchTemplate:LaunchTemplate": { free: "priced through the Auto Scaling group or node group that launches it" },
    "aws:iam/role:Role": { free: "IAM costs nothing" },
    "aws:iam/rolePolicy:RolePolicy": { free: "IAM costs nothing" },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { free: "IAM costs nothing" },
    "aws:iam/instanceProfile:InstanceProfile": { free: "IAM costs nothing" },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { free: "IAM costs nothing" },
    "aws:kms/alias:Alias": { free: "aliases cost nothing" },
    "aws:acm/certificate:Certificate": { free: "ACM charges nothing for imported or public certificates used with load balancers" },
    "aws:lb/listener:Listener": { free: "part of the load balancer's hourly price" },
    "aws:lb/targetGroup:TargetGroup": { free: "part of the load balancer's hourly price" },
    "aws:dynamodb/tableItem:TableItem": { free: "priced with the table's storage" },
    "aws:backup/vault:Vault": { free: "backup storage is priced on the backup plan" },
    "aws:backup/selection:Selection": { free: "backup storage is priced on the backup plan" },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { free: "bucket settings cost nothing; storage is priced on the bucket" },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { free: "bucket settings cost nothing" },
    "aws:s3/bucketPolicy:BucketPolicy": { free: "bucket settings cost nothing" },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { free: "bucket settings cost nothing" },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        free: "bucket settings cost nothing; KMS requests are on the key",
    },
    "aws:s3/bucketVersioning:BucketVersioning": { free: "bucket settings cost nothing; old versions expire with the snapshots" },
    "aws:sns/topic:Topic": { free: "alert volume stays inside SNS's always-free 1 million publishes and 1,000 email deliveries a month" },
    "aws:sns/topicPolicy:TopicPolicy": { free: "topic settings cost nothing" },
    "aws:sns/topicSubscription:TopicSubscription": { free: "priced with the topic" },
    "aws:cloudwatch/eventRule:EventRule": { free: "EventBridge charges nothing for scheduled rules on the default bus" },
    "aws:cloudwatch/dashboard:Dashboard": { free: "an account's first three dashboards cost nothing (one per stack; beyond three, $3 a month each)" },
    "aws:cloudwatch/eventTarget:EventTarget": { free: "EventBridge charges nothing for scheduled rules on the default bus" },
    "aws:lambda/permission:Permission": { free: "function settings cost nothing" },
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": { free: "function settings cost nothing" },
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": { free: "subscription filters cost nothing; the deliveries are the function's invocations" },
    "aws:lambda/eventSourceMapping:EventSourceMapping": { free: "mappings cost nothing; Lambda's polling is SQS requests, counted on the queue" },
    "aws:sqs/queue:Queue": {
        free: "SQS charges per request and its first million a month are free (Lambda's long polling and one message per audit delivery); not estimated beyond that",
    },
    "aws:eks/accessEntry:AccessEntry": { free: "EKS access entries cost nothing" },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { free: "EKS access entries cost nothing" },
    "aws:eks/addon:Addon": { free: "add-ons run on the worker nodes; their log groups are priced (Container Insights metrics are not estimated)" },
    "kubernetes:core/v1:Namespace": { free: "runs inside the cluster" },
    "kubernetes:core/v1:Secret": { free: "runs inside the cluster" },
    "kubernetes:core/v1:ServiceAccount": { free: "runs inside the cluster" },
    "kubernetes:rbac.authorization.k8s.io/v1:Role": { free: "runs inside the cluster" },
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": { free: "runs inside the cluster" },
    "kubernetes:batch/v1:CronJob": { free: "runs on the worker nodes; its uploads are priced on the bucket" },
    "kubernetes:storage.k8s.io/v1:StorageClass": { free: "the volumes it makes are priced on the Helm release" },
    "kubernetes:cert-manager.io/v1:Issuer": { free: "runs inside the cluster (cert-manager, on the worker nodes)" },
    "kubernetes:cert-manager.io/v1:Certificate": { free: "runs inside the cluster (cert-manager, on the worker nodes)" },
    "tls:index/privateKey:PrivateKey": { free: "made by Pulumi locally; no cloud resource" },
    "tls:index/selfSignedCert:SelfSignedCert": { free: "made by Pulumi locally; no cloud resource" },
    "tls:index/certRequest:CertRequest": { free: "made by Pulumi locally; no cloud resource" },
    "tls:index/locallySignedCert:LocallySignedCert": { free: "made by Pulumi locally; no cloud resource" },
};
