// Edges read from any resource's dependencies: a KMS key protects (or seals) what names it, and a resource whose
// configuration (environment, user data, chart values, job spec, alarm actions) names a load balancer, table,
// topic, bucket or log group reaches it. Generic over types: a new resource gets its edges without a new row.
import type { RecordedResource } from "../offline/recorder";
import type { ConnectorEdge } from "./connectors";
import type { GraphContext } from "./model";

export const KEY_TYPES = ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"];

/** What a configuration reference to each kind of resource means. */
const REACHES: Record<string, string> = {
    "aws:lb/loadBalancer:LoadBalancer": "HTTPS",
    "kubernetes:core/v1:Service": "HTTPS",
    "aws:dynamodb/table:Table": "storage",
    "aws:sns/topic:Topic": "publishes",
    "aws:s3/bucket:Bucket": "uploads",
    "aws:cloudwatch/logGroup:LogGroup": "logs",
    "aws:secretsmanager/secret:Secret": "reads",
    "aws:lambda/function:Function": "invokes",
};

/** Inputs that carry configuration a workload acts on, and which way the resulting edge points. */
const CONFIG_INPUTS: Record<string, "out" | "in"> = {
    environment: "out",
    userData: "out",
    values: "out",
    spec: "out",
    alarmActions: "out",
    loggingConfig: "out",
    topic: "in",
};

export function dependencyEdges(r: RecordedResource, ctx: GraphContext): (ConnectorEdge & { style: "data" | "key" })[] {
    const edges: (ConnectorEdge & { style: "data" | "key" })[] = [];
    const self = ctx.shown(r) ? [r] : ctx.nodesOf(r).map((n) => n.id);
    if (self.length === 0) return edges;
    for (const input of Object.keys(r.propertyDependencies)) {
        if (input === "policy" || input === "assumeRolePolicy") continue;
        for (const dep of ctx.index.dependencies(r, input)) {
            if (!ctx.shown(dep)) continue;
            if (KEY_TYPES.includes(dep.type)) {
                if (dep === r) continue;
                edges.push({ from: [dep], to: self, label: keyLabel(r, input, dep), style: "key" });
            } else if (input in CONFIG_INPUTS && dep.type in REACHES) {
                const label = input === "environment" ? envNames(r, dep) || REACHES[dep.type] : REACHES[dep.type];
                const [from, to] = CONFIG_INPUTS[input] === "out" ? [self, [dep]] : [[dep], self];
                edges.push({ from, to, label: CONFIG_INPUTS[input] === "in" ? "delivers" : label, style: "data" });
            }
        }
    }
    return edges;
}

/** "awskms seal" when the configuration naming the key configures Vault's seal; the variable for an environment. */
function keyLabel(r: RecordedResource, input: string, key: RecordedResource): string {
    if (!(input in CONFIG_INPUTS)) return "encrypts";
    if (texts(r.inputs[input]).some((t) => /seal\s+"awskms"/.test(t))) return "awskms seal";
    return input === "environment" ? envNames(r, key) || "uses" : "uses";
}

/** The environment variables whose value names `dep` (a plan records the names its mock ids and ARNs carry). */
function envNames(r: RecordedResource, dep: RecordedResource): string {
    const vars: Record<string, unknown> = r.inputs.environment?.variables ?? {};
    return Object.entries(vars)
        .filter(([, value]) => typeof value === "string" && value.includes(dep.name))
        .map(([name]) => name)
        .join(", ");
}

/** Every string in a value, base64 user data decoded. */
function texts(value: unknown): string[] {
    if (typeof value === "string") {
        const decoded = /^[A-Za-z0-9+/=\s]{16,}$/.test(value) ? Buffer.from(value, "base64").toString("utf8") : "";
        return [value, decoded];
    }
    if (Array.isArray(value)) return value.flatMap(texts);
    if (value && typeof value === "object") return Object.values(value).flatMap(texts);
    return [];
}
