// Looks up a recorded plan by URN and by dependency, in both directions: what a resource's inputs came from, and
// which resources took an input from it. The picture (scripts/graph/) and the price (scripts/cost/) both read it.
import { OfflineRun, RecordedResource } from "./recorder";

export class PlanIndex {
    readonly resources: RecordedResource[];
    private readonly byUrn = new Map<string, RecordedResource>();
    private readonly dependents = new Map<string, { resource: RecordedResource; input: string }[]>();

    constructor(readonly run: OfflineRun) {
        this.resources = run.resources;
        for (const r of run.resources) this.byUrn.set(r.urn, r);
        for (const r of run.resources) {
            for (const [input, urns] of Object.entries(r.propertyDependencies)) {
                for (const urn of urns) this.dependents.set(urn, [...(this.dependents.get(urn) ?? []), { resource: r, input }]);
            }
        }
    }

    get(urn: string): RecordedResource | undefined {
        return this.byUrn.get(urn);
    }

    /** The resources `r`'s input `input` (or any input, without one) took a value from. */
    dependencies(r: RecordedResource, input?: string): RecordedResource[] {
        const urns = input === undefined ? Object.values(r.propertyDependencies).flat() : (r.propertyDependencies[input] ?? []);
        return [...new Set(urns)].map((u) => this.byUrn.get(u)).filter((d): d is RecordedResource => d !== undefined && d !== r);
    }

    /** The resources that took an input from `r`, with the input's name. */
    dependentsOf(r: RecordedResource): { resource: RecordedResource; input: string }[] {
        return (this.dependents.get(r.urn) ?? []).filter((d) => d.resource !== r);
    }

    /** The stack-level component `r` belongs to (itself for a top-level one); undefined for top-level custom resources. */
    topComponent(r: RecordedResource): RecordedResource | undefined {
        let current: RecordedResource | undefined = r;
        let top: RecordedResource | undefined;
        while (current) {
            if (!current.custom) top = current;
            current = current.parent ? this.byUrn.get(current.parent) : undefined;
        }
        return top;
    }

    /** The nearest component enclosing `r` (not `r` itself). */
    parentComponent(r: RecordedResource): RecordedResource | undefined {
        const parent = r.parent ? this.byUrn.get(r.parent) : undefined;
        return parent && !parent.custom ? parent : parent ? this.parentComponent(parent) : undefined;
    }
}

/** Cloud resources, not components or providers: the things a table row must describe. */
export function isCloudResource(r: RecordedResource): boolean {
    return r.custom && !r.type.startsWith("pulumi:providers:");
}
