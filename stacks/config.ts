// The one typed, validated view of stack config. Every key the program reads is declared here;
// every mistake is reported at once, naming the full key, before any resource is registered.
import { z } from "zod";
import { isAnywhere, parseCidr } from "../infra/cidr";
import { cidrsCover } from "../infra/cidr-ranges";
import { auditFilterPattern, MAX_FILTER_PATTERN } from "../infra/replication/audit-subscription";
import { CERT_MANAGER_CHART, certManagerSupports } from "../infra/vault-eks/cert-manager-chart";
import { VAULT_CHART } from "../infra/vault-eks/chart";
import { DEFAULT_KUBERNETES_VERSION, EKS_VERSIONS, supportStatus, versionRow } from "../infra/vault-eks/kubernetes-versions";
import { ConfigError, ConfigIssue, describeIssues, unknownKeyMessage } from "./config-error";
import { drIssues, drKeys, restoreSourceOf } from "./config-dr";
import { eksDeployIssues } from "./config-eks";
import { bool, cidr, int, list, oneOf, semver } from "./config-types";
// #cfg: rules AWS, EKS, Kubernetes and Vault enforce at deploy time, one class a file (config-platform-rules.ts).
import { namespaceName } from "./config-namespace";
import { platformRuleIssues } from "./config-platform-rules";
import { regionIssues } from "./config-region";
import { backupSchedule, eventBridgeSchedule, kubernetesSchedule } from "./config-schedules";
import { kvMount } from "./config-vault-mount";
import { volumeSize } from "./config-volume-size";
import { brokenReleaseMessage, knownBrokenVaultRelease } from "./vault-releases";
import type { RestoreSource } from "../infra/dr/restore-source";

export { ConfigError };

export const LAYOUTS = ["ec2-dynamodb", "eks-raft"] as const;
export type Layout = (typeof LAYOUTS)[number];

const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|metal|\d{0,2}xlarge|metal-\d+xl)$/;
const SECRET_NAME_PREFIX = /^[A-Za-z0-9/_+=.@-]{1,256}$/;

/** Keys every layout accepts. Defaults are the secure, production-sane choice. */
const commonKeys = {
    layout: z.enum(LAYOUTS, { error: `must be one of ${LAYOUTS.join(", ")}` }),
    vpcCidr: cidr.default("10.20.0.0/16"),
    azCount: int(2, 6).default(3),
    natGateways: oneOf(["perAz", "single"]).default("perAz"),
    existingVpcId: z
        .string()
        .regex(/^vpc-[0-9a-f]{8,17}$/, "must look like vpc-0123456789abcdef0")
        .optional(),
    existingPrivateSubnetIds: list(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "each must look like subnet-0123…")).optional(),
    existingPublicSubnetIds: list(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "each must look like subnet-0123…")).optional(),
    existingVpcEndpoints: oneOf(["create", "present"]).optional(),
    allowedCidrs: list(cidr).pipe(z.array(z.string()).min(1, 'list at least one client CIDR, e.g. ["10.0.0.0/8"]')),
    vaultVersion: semver.default(VAULT_CHART.appVersion),
    logRetentionDays: int(1, 3653)
        .refine((d) => CLOUDWATCH_RETENTION_DAYS.includes(d), `must be one of CloudWatch's retention values: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`)
        .default(365),
    alertEmail: z.email("must be an email address").optional(),
    tags: z.preprocess(parseJson, z.record(z.string(), z.string(), "must be a map of string tags")).default({}),
    replicationEnabled: bool.default(true),
    // The function has no reserved concurrency (new accounts refuse it): runs must not come faster than its
    // 15-minute timeout, so one never overlaps the next.
    replicationSchedule: eventBridgeSchedule(15, "the function's timeout, so runs never overlap").default("rate(30 minutes)"),
    replicationKvMount: kvMount.default("hybrid-aws-secrets"),
    replicationKvPath: z
        .string()
        .regex(/^([A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]*$/, "must be a relative path like team/app (no leading /)")
        .default(""),
    replicationSecretsPrefix: z.string().regex(SECRET_NAME_PREFIX, "must use only the characters Secrets Manager names allow").optional(),
    replicationAuthMethod: oneOf(["aws", "token"]).default("aws"),
    replicationDeleteMode: oneOf(["off", "recover"]).default("off"),
    replicationRecoveryWindowDays: int(7, 30).default(30),
    replicationMaxConcurrency: int(1, 64).default(16),
    // Secrets Manager's default write quota is 50 per second per account and Region; raise this only with the quota.
    replicationWriteRate: int(1, 1000).default(50),
    backupRetentionDays: int(7, 3650).default(35),
    replicationSecretReaderArns: list(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "each must be an IAM role ARN")).default([]),
    // Disaster recovery and restores: drRegion, restoreFrom, unsealKeyArn, cloudTrail (stacks/config-dr.ts).
    ...drKeys,
    // The audit-event path (#22): a write seen in the audit log group is replicated within seconds.
    replicationOnAuditEvents: bool.default(true),
    replicationDriftMode: oneOf(["rewrite", "report"]).default("rewrite"),
};

/** Keys only the ec2-dynamodb layout accepts. */
const ec2Keys = {
    nodeCount: int(2, 9).default(3),
    instanceType: z.string().regex(INSTANCE_TYPE, "must be an EC2 instance type like t4g.small or m7i.large").default("t4g.small"),
    loadBalancerScheme: oneOf(["internal", "internet-facing"]).default("internal"),
    vaultDomain: z
        .string()
        .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, "must be a DNS name like vault.example.com")
        .optional(),
    certificateArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, "must be an ACM certificate ARN")
        .optional(),
    tableDeletionProtection: bool.default(true),
    tableBackupSchedule: backupSchedule.default("cron(0 3 * * ? *)"),
    vaultDownloadUrl: z
        .url({ protocol: /^https$/, error: "must be an https URL of a mirror laid out like releases.hashicorp.com/vault" })
        .default("https://releases.hashicorp.com/vault"),
};

/** Keys only the eks-raft layout accepts. */
const eksKeys = {
    kubernetesVersion: z
        .string()
        .regex(/^1\.\d{2}$/, `must be a Kubernetes minor version like ${DEFAULT_KUBERNETES_VERSION}`)
        .refine(
            (v) => versionRow(v) !== undefined,
            `must be a version in infra/vault-eks/kubernetes-versions.ts (${EKS_VERSIONS.map((v) => v.version).join(", ")}); add a row from the EKS release calendar for a newer one`,
        )
        .refine(
            (v) => supportStatus(v, new Date()) !== "ended",
            "is past the end of EKS extended support: EKS refuses it; raise it one minor version at a time",
        )
        .refine(
            // Judged only for a version EKS still runs (the checks above name the others' problem once).
            (v) => versionRow(v) === undefined || supportStatus(v, new Date()) === "ended" || certManagerSupports(v),
            `must be a version cert-manager ${CERT_MANAGER_CHART.version} (which the stack installs) supports: ${CERT_MANAGER_CHART.kubernetes.from} to ${CERT_MANAGER_CHART.kubernetes.to} (https://cert-manager.io/docs/releases/); raise it one minor version at a time into that range`,
        )
        .default(DEFAULT_KUBERNETES_VERSION),
    nodeInstanceType: z.string().regex(INSTANCE_TYPE, "must be an EC2 instance type like m7i.large").default("m7i.large"),
    nodeGroupSize: int(3, 30).default(3),
    vaultReplicas: int(3, 9)
        .refine((n) => n % 2 === 1, "must be odd (3, 5, 7 or 9) so Raft keeps a quorum through a zone loss")
        .default(3),
    helmChartVersion: semver.default(VAULT_CHART.version),
    endpointPublicAccessCidrs: list(cidr).default([]),
    // #24: how a new account reaches a private cluster, who may use it, and what destroy may remove.
    deployFrom: oneOf(["internet", "vpc"]).optional(),
    endpointPrivateAccessCidrs: list(cidr).default([]),
    clusterAdminRoleArns: list(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "each must be an IAM role ARN (break-glass operators)")).default([]),
    clusterViewerRoleArns: list(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "each must be an IAM role ARN (the CI preview role)")).default([]),
    deletionProtection: bool.default(true),
    serviceCidr: cidr.default("172.20.0.0/16"),
    namespace: namespaceName.default("vault"),
    injectorEnabled: bool.default(false),
    internalLoadBalancer: bool.default(false),
    snapshotSchedule: kubernetesSchedule.default("0 */6 * * *"),
    dataStorageSize: volumeSize.default("20Gi"),
    auditStorageSize: volumeSize.default("10Gi"),
};

const LAYOUT_ONLY_KEYS: Record<Layout, string[]> = { "ec2-dynamodb": Object.keys(ec2Keys), "eks-raft": Object.keys(eksKeys) };

/** Every key the program reads, by where it applies (README.md's table lists each). */
export const CONFIG_KEYS = { common: Object.keys(commonKeys), ...LAYOUT_ONLY_KEYS };

const schema = z.discriminatedUnion("layout", [
    z.object({ ...commonKeys, ...ec2Keys, layout: z.literal("ec2-dynamodb") }),
    z.object({ ...commonKeys, ...eksKeys, layout: z.literal("eks-raft") }),
]);

type Parsed = z.infer<typeof schema>;
export type StackConfig = Parsed & { region: string; stack: string; replicationSecretsPrefix: string; restore?: RestoreSource };
export type Ec2Config = Extract<StackConfig, { layout: "ec2-dynamodb" }>;
export type EksConfig = Extract<StackConfig, { layout: "eks-raft" }>;

/**
 * Validates raw stack config (`{"strongroom:nodeCount": "3", "aws:region": "eu-west-1", ...}`, values as the
 * Pulumi engine passes them: strings, JSON for lists and maps). Throws one ConfigError listing every problem.
 */
export function parseStackConfig(raw: Record<string, string>, stack: string): StackConfig {
    const issues: ConfigIssue[] = [];
    const region = raw["aws:region"];
    if (!region) issues.push({ key: "aws:region", message: "is not set; run `pulumi config set aws:region eu-west-1` (or your region)" });
    else issues.push(...regionIssues(region));

    const own = ownKeys(raw);
    const given = { ...own };
    issues.push(...keysOutsideLayout(own));
    // With an unknown layout the union cannot pick a branch; check every key against its own schema (from either
    // layout) so the other mistakes still show at once.
    const layoutKnown = LAYOUTS.includes(own.layout as Layout);
    const result = layoutKnown ? schema.safeParse(own) : z.object({ ...commonKeys, ...ec2Keys, ...eksKeys }).safeParse(own);
    if (!result.success) issues.push(...describeIssues(result.error, given));
    if (layoutKnown) issues.push(...crossFieldIssues(validFields(own), own));
    // #cfg: what AWS, EKS, Kubernetes and Vault refuse at deploy time (stacks/config-platform-rules.ts).
    const knownRegion = region && regionIssues(region).length === 0 ? region : undefined;
    if (layoutKnown) {
        const fields = validFields(own);
        const byo = [fields.existingVpcId, fields.existingPrivateSubnetIds, fields.existingPublicSubnetIds].some((v) => v !== undefined);
        issues.push(...platformRuleIssues(fields, knownRegion, byo));
    }
    if (layoutKnown) issues.push(...drIssues(validFields(own), knownRegion));

    if (issues.length > 0) throw new ConfigError(stack, issues);
    const parsed = result.data as Parsed;
    return {
        ...parsed,
        region: region as string,
        stack,
        replicationSecretsPrefix: parsed.replicationSecretsPrefix ?? parsed.replicationKvMount,
        restore: restoreSourceOf(parsed, region as string),
    };
}

/** The `strongroom:*` keys with the namespace stripped. */
function ownKeys(raw: Record<string, string>): Record<string, string> {
    const own: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (key.startsWith("strongroom:")) own[key.slice("strongroom:".length)] = value;
    }
    return own;
}

function keysOutsideLayout(own: Record<string, string>): ConfigIssue[] {
    const layout = own.layout as Layout;
    const layoutKnown = LAYOUTS.includes(layout);
    const everyKey = [...Object.keys(commonKeys), ...Object.keys(ec2Keys), ...Object.keys(eksKeys)];
    const known = new Set(layoutKnown ? [...Object.keys(commonKeys), ...LAYOUT_ONLY_KEYS[layout]] : everyKey);
    const issues: ConfigIssue[] = [];
    for (const key of Object.keys(own)) {
        if (known.has(key)) continue;
        const owner = LAYOUTS.find((l) => LAYOUT_ONLY_KEYS[l].includes(key));
        issues.push({
            key: `strongroom:${key}`,
            message: owner
                ? `applies only to layout ${owner}, but this stack's layout is ${layout}; remove it with \`pulumi config rm strongroom:${key}\``
                : unknownKeyMessage(key, everyKey),
        });
        delete own[key];
    }
    return issues;
}

/** Every field that parses on its own, so cross-field checks run even when some other field is wrong. */
function validFields(own: Record<string, string>): Parsed {
    const layout = own.layout as Layout;
    const shape: Record<string, z.ZodType> = { ...commonKeys, ...(layout === "ec2-dynamodb" ? ec2Keys : eksKeys) };
    const view: Record<string, unknown> = { layout };
    for (const [key, field] of Object.entries(shape)) {
        const parsed = field.safeParse(own[key]);
        if (parsed.success) view[key] = parsed.data;
    }
    return view as Parsed;
}

/** Rules that involve more than one key. Fields that failed on their own are undefined here. */
function crossFieldIssues(c: Parsed, own: Record<string, string>): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const add = (key: string, message: string) => issues.push({ key: `strongroom:${key}`, message });
    const byo = c.existingVpcId !== undefined || c.existingPrivateSubnetIds !== undefined || c.existingPublicSubnetIds !== undefined;
    if (byo) {
        if (!c.existingVpcId) add("existingVpcId", "is required when existing subnets are given");
        if (c.existingVpcEndpoints === undefined && own.existingVpcEndpoints === undefined) {
            add(
                "existingVpcEndpoints",
                "is required with an existing VPC: Vault's auto-unseal and the replication function reach AWS (KMS, STS, Secrets Manager, SNS, Logs, and SQS for the audit-event queue) only inside the VPC. Set `create` to add interface endpoints with private DNS (`pulumi config set strongroom:existingVpcEndpoints create`), or `present` if the VPC already has them all",
            );
        }
        const minSubnets = c.layout === "eks-raft" ? 3 : 2;
        if (c.existingPrivateSubnetIds && c.existingPrivateSubnetIds.length < minSubnets) {
            add("existingPrivateSubnetIds", `must list at least ${minSubnets} private subnets, one per availability zone`);
        }
        if (c.layout === "ec2-dynamodb" && c.loadBalancerScheme === "internet-facing" && (c.existingPublicSubnetIds?.length ?? 0) < 2) {
            add("existingPublicSubnetIds", "must list at least 2 public subnets for an internet-facing load balancer");
        }
    } else if (own.existingVpcEndpoints !== undefined) {
        add("existingVpcEndpoints", "applies only with strongroom:existingVpcId; remove it with `pulumi config rm strongroom:existingVpcEndpoints`");
    } else if (c.vpcCidr && (parseCidr(c.vpcCidr)!.prefix < 16 || parseCidr(c.vpcCidr)!.prefix > 22)) {
        add("vpcCidr", `${c.vpcCidr} must have a prefix between /16 and /22 so every zone gets private and public subnets`);
    }
    if (c.layout === "eks-raft") {
        if (!byo && c.azCount !== undefined && c.azCount < 3)
            add("azCount", `is ${c.azCount}, but eks-raft needs at least 3 zones so a Raft quorum survives a zone loss`);
        if (c.nodeGroupSize !== undefined && c.vaultReplicas !== undefined && c.nodeGroupSize < c.vaultReplicas) {
            add("nodeGroupSize", `is ${c.nodeGroupSize}, below strongroom:vaultReplicas (${c.vaultReplicas}); each Vault pod needs its own node`);
        }
        c.endpointPublicAccessCidrs?.forEach((block, i) => {
            if (isAnywhere(block))
                add(`endpointPublicAccessCidrs[${i}]`, "must not be 0.0.0.0/0: list your office or CI ranges, or leave the list empty for a private endpoint");
        });
        issues.push(...eksDeployIssues(c, own, byo));
    }
    // #19: an official image known not to start in the chart's pods (the snapshot job's too) is refused before anything is created.
    const broken = c.layout === "eks-raft" && c.vaultVersion ? knownBrokenVaultRelease(c.vaultVersion) : undefined;
    if (broken) add("vaultVersion", brokenReleaseMessage(broken));
    if (c.layout === "ec2-dynamodb" && c.loadBalancerScheme === "internal") {
        c.allowedCidrs?.forEach((block, i) => {
            if (isAnywhere(block)) add(`allowedCidrs[${i}]`, "is 0.0.0.0/0 on an internal load balancer; list the networks that reach Vault");
        });
    }
    if (c.layout === "ec2-dynamodb" && c.loadBalancerScheme === "internet-facing" && c.replicationEnabled) {
        // The function's security group reaches only the VPC; a public load balancer resolves to public addresses.
        add(
            "loadBalancerScheme",
            "is internet-facing while strongroom:replicationEnabled is true; the replication function reaches Vault only inside the VPC. Use internal (reach it from your networks through allowedCidrs), or turn replication off",
        );
    }
    if (c.layout === "ec2-dynamodb" && c.certificateArn && !c.vaultDomain) {
        add("vaultDomain", "is required with strongroom:certificateArn: it is the certificate's name, which clients (the replication function) must use");
    }
    if (c.layout === "eks-raft" && c.replicationEnabled && c.internalLoadBalancer === false) {
        add("internalLoadBalancer", "must be true while strongroom:replicationEnabled is true: the function reaches Vault from the VPC through it");
    }
    if (c.layout === "eks-raft" && c.replicationEnabled !== false && c.internalLoadBalancer && !byo && c.vpcCidr && c.allowedCidrs) {
        // The NLB keeps client addresses and admits only allowedCidrs: the function, inside the VPC, must be among them.
        if (!cidrsCover(c.allowedCidrs, c.vpcCidr)) {
            add(
                "allowedCidrs",
                `must cover the VPC (${c.vpcCidr}) on eks-raft: the replication function reaches Vault from inside it through the internal load balancer; add ${c.vpcCidr}`,
            );
        }
    }
    if (c.replicationEnabled !== false && c.replicationOnAuditEvents !== false && c.replicationKvMount && c.replicationKvPath !== undefined) {
        // The subscription filter names the mount and sub-path under each KV endpoint; CloudWatch Logs caps its length.
        const format = c.layout === "eks-raft" ? "container" : "file";
        const pattern = auditFilterPattern(format, c.replicationKvMount, c.replicationKvPath, "namespace" in c ? (c.namespace ?? "vault") : "");
        if (pattern.length > MAX_FILTER_PATTERN)
            add(
                "replicationKvPath",
                `makes the audit subscription's filter pattern ${pattern.length} characters long, over CloudWatch Logs' ${MAX_FILTER_PATTERN}; use a shorter sub-path, or set strongroom:replicationOnAuditEvents false (the schedule alone then replicates)`,
            );
    }
    return issues;
}

function parseJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
