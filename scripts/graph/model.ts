// Builds the picture of a recorded plan: one group per component (as the README's diagram groups them), one box per
// resource a reader needs (repeated ones collapsed), and the edges that carry data or trust. Everything comes from
// the plan's resources, inputs and dependencies through the type tables; nothing is drawn by hand per stack.
import { isCloudResource, PlanIndex } from "../offline/plan-index";
import { OfflineRun, RecordedResource } from "../offline/recorder";
import { CONNECTORS, Endpoint } from "./connectors";
import { dependencyEdges, KEY_TYPES } from "./dependency-edges";
import { GRAPH_RULES, NodeRule, Shape } from "./rules";

export interface GraphNode {
    readonly id: string;
    readonly lines: string[];
    readonly shape: Shape;
    /** The group it is drawn in; undefined at the top level. */
    readonly group?: string;
    /** URNs of the plan resources (and components) this box stands for. */
    readonly resources: string[];
}

export interface GraphGroup {
    readonly id: string;
    readonly label: string;
    readonly parent?: string;
    /** The component's URN. */
    readonly component: string;
}

export interface GraphEdge {
    readonly from: string;
    readonly to: string;
    readonly label: string;
    /** "key": a KMS key protects or seals the target; "data": traffic or calls. */
    readonly style: "data" | "key";
}

export interface Graph {
    readonly stack: string;
    readonly groups: GraphGroup[];
    readonly nodes: GraphNode[];
    readonly edges: GraphEdge[];
    /** Planned types the graph table has no row for (drawn nowhere). */
    readonly unknownTypes: string[];
}

/** Resolves plan resources to the boxes that stand for them. Shared by the edge builders. */
export class GraphContext {
    readonly nodeByUrn = new Map<string, GraphNode>();
    readonly externals = new Map<string, { lines: Set<string>; resources: Set<string> }>();

    constructor(readonly index: PlanIndex) {}

    shown(r: RecordedResource): boolean {
        return this.nodeByUrn.has(r.urn);
    }

    /** The boxes standing for `r`: its own, or (for a left-out resource) those of the resources built on it. */
    nodesOf(r: RecordedResource, seen = new Set<string>()): GraphNode[] {
        const own = this.nodeByUrn.get(r.urn);
        if (own) return [own];
        if (seen.has(r.urn) || !("hidden" in (GRAPH_RULES[r.type] ?? {})) || r.type in CONNECTORS) return [];
        seen.add(r.urn);
        // Settings and identities belong to what uses them; a key policy or an alarm's dimensions do not make an owner.
        const users = this.index.dependentsOf(r).filter((d) => !["policy", "dimensions"].includes(d.input));
        const owners = unique(users.flatMap((d) => this.nodesOf(d.resource, seen)));
        if (owners.length > 0) return owners;
        // A setting nothing builds on (a bucket's encryption, a topic's policy) belongs to what it configures.
        return unique(
            this.index
                .dependencies(r)
                .filter((d) => !KEY_TYPES.includes(d.type))
                .flatMap((d) => (this.nodeByUrn.has(d.urn) ? [this.nodeByUrn.get(d.urn)!] : [])),
        );
    }

    /** A box for something outside the stack that a rule names (a CIDR), standing for the rules that name it. */
    external(key: string, line: string, rule: RecordedResource): string {
        const entry = this.externals.get(key) ?? { lines: new Set<string>(), resources: new Set<string>() };
        entry.lines.add(line);
        entry.resources.add(rule.urn);
        this.externals.set(key, entry);
        return `ext_${slug(key)}`;
    }
}

export function buildGraph(stack: string, run: OfflineRun): Graph {
    const index = new PlanIndex(run);
    const ctx = new GraphContext(index);
    const groups: GraphGroup[] = [];
    const nodes: GraphNode[] = [];
    const ids = new Set<string>();
    const newId = (base: string) => {
        let id = slug(base);
        for (let i = 2; ids.has(id); i++) id = `${slug(base)}_${i}`;
        ids.add(id);
        return id;
    };

    // Boxes: one per shown resource, or per collapse key within the same component.
    const boxes = new Map<string, { rule: NodeRule; members: RecordedResource[]; component?: RecordedResource }>();
    const unknownTypes = new Set<string>();
    for (const r of run.resources.filter(isCloudResource)) {
        const rule = GRAPH_RULES[r.type];
        if (!rule) unknownTypes.add(r.type);
        if (!rule || !("node" in rule)) continue;
        const component = index.parentComponent(r);
        const key = `${component?.urn}|${r.type}|${rule.node.collapse ? rule.node.collapse(r) : r.urn}`;
        const box = boxes.get(key) ?? { rule: rule.node, members: [], component };
        box.members.push(r);
        boxes.set(key, box);
    }
    const boxesIn = (component?: RecordedResource) => [...boxes.values()].filter((b) => b.component?.urn === component?.urn);
    const childComponents = (component?: RecordedResource) =>
        run.resources.filter((r) => !r.custom && (component ? index.parentComponent(r)?.urn === component.urn : !index.parentComponent(r)));

    const place = (component: RecordedResource | undefined, group: string | undefined) => {
        for (const box of boxesIn(component)) {
            const node = {
                id: newId(box.members[0].name),
                lines: box.rule.label(box.members, index),
                shape: box.rule.shape,
                group,
                resources: box.members.map((m) => m.urn),
            };
            nodes.push(node);
            for (const m of box.members) ctx.nodeByUrn.set(m.urn, node);
        }
        for (const child of childComponents(component)) placeComponent(child, group);
    };
    const placeComponent = (component: RecordedResource, parent: string | undefined) => {
        const inside = boxesIn(component).length + childComponents(component).length;
        if (inside >= 2) {
            const id = newId(`g_${component.name}`);
            groups.push({ id, label: `${component.type.split(":").pop()} ${component.name}`, parent, component: component.urn });
            place(component, id);
            return;
        }
        const before = nodes.length;
        place(component, parent);
        const own = nodes.slice(before);
        if (own.length > 0) {
            // A component with a single box is drawn as that box.
            own[0].resources.push(component.urn);
            return;
        }
        nodes.push({ id: newId(component.name), lines: summary(component, index), shape: "box", group: parent, resources: [component.urn] });
    };
    place(undefined, undefined);

    const edges: GraphEdge[] = [];
    const add = (from: Endpoint[], to: Endpoint[], label: string, style: GraphEdge["style"]) => {
        for (const f of from.flatMap((e) => endpointIds(ctx, e)))
            for (const t of to.flatMap((e) => endpointIds(ctx, e))) edges.push({ from: f, to: t, label, style });
    };
    for (const r of run.resources) {
        for (const e of CONNECTORS[r.type]?.(r, ctx) ?? []) add(e.from, e.to, e.label, "data");
        for (const e of dependencyEdges(r, ctx)) add(e.from, e.to, e.label, e.style);
    }
    for (const [key, ext] of ctx.externals) {
        nodes.push({ id: `ext_${slug(key)}`, lines: [...ext.lines], shape: "external", resources: [...ext.resources] });
    }
    return { stack, groups, nodes, edges: mergeEdges(edges), unknownTypes: [...unknownTypes].sort() };
}

function endpointIds(ctx: GraphContext, e: Endpoint): string[] {
    if (typeof e === "string") return [e];
    return ctx.nodesOf(e).map((n) => n.id);
}

/** One edge per pair and style, with every label it carries. */
function mergeEdges(edges: GraphEdge[]): GraphEdge[] {
    const merged = new Map<string, { edge: GraphEdge; labels: string[] }>();
    for (const e of edges) {
        const key = `${e.from}|${e.to}|${e.style}`;
        const entry = merged.get(key) ?? { edge: e, labels: [] };
        if (e.label && !entry.labels.includes(e.label)) entry.labels.push(e.label);
        merged.set(key, entry);
    }
    return [...merged.values()].map(({ edge, labels }) => ({ ...edge, label: labels.join(", ") }));
}

/** A component with no box of its own: what it holds, by kind. */
function summary(component: RecordedResource, index: PlanIndex): string[] {
    const counts = new Map<string, number>();
    const walk = (c: RecordedResource) => {
        for (const r of index.resources.filter((x) => x.parent === c.urn)) {
            const kind = words(r.type.split(":").pop()!);
            if (r.custom) counts.set(kind, (counts.get(kind) ?? 0) + 1);
            else walk(r);
        }
    };
    walk(component);
    return [component.type.split(":").pop()!, [...counts].map(([kind, n]) => `${n} ${kind}${n > 1 ? "s" : ""}`).join(", ")];
}

/** SecurityGroupIngressRule -> security group ingress rule. */
function words(kind: string): string {
    return kind.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

export function slug(text: string): string {
    return text.replace(/^strongroom-/, "").replace(/[^A-Za-z0-9]+/g, "_");
}

function unique<T>(items: T[]): T[] {
    return [...new Set(items)];
}
