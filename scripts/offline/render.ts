// Renders an offline run as a human-readable plan: the resource tree, a count by type, and the stack outputs.
import { OfflineRun, RecordedResource } from "./recorder";

export function renderPlan(stack: string, run: OfflineRun): string {
    const lines = [`Stack ${stack}: ${run.resources.length} resources`, ""];
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of run.resources) {
        const key = r.parent && run.resources.some((p) => p.urn === r.parent) ? r.parent : undefined;
        children.set(key, [...(children.get(key) ?? []), r]);
    }
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth)}+ ${r.type}  ${r.name}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(undefined, 0);

    lines.push("", "Resources by type:");
    const counts = new Map<string, number>();
    for (const r of run.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    for (const [type, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`  ${String(n).padStart(3)}  ${type}`);

    lines.push("", "Outputs:");
    for (const [key, value] of Object.entries(run.outputs)) {
        const shown = run.secretOutputs.includes(key) ? "[secret]" : JSON.stringify(value);
        lines.push(`  ${key}: ${shown}`);
    }
    return lines.join("\n") + "\n";
}
