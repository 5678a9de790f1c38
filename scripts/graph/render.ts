// Writes a Graph as Mermaid (renders on GitHub and in the README) and as Graphviz DOT (for the SVG).
import type { Graph, GraphGroup, GraphNode } from "./model";

const mermaidText = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");

export function toMermaid(g: Graph): string {
    const out = [`%% Stack ${g.stack}: generated from the offline plan by \`npm run -s plan -- --stack ${g.stack} --graph\``, "flowchart LR"];
    const node = (n: GraphNode, indent: string) => {
        const text = `"${n.lines.filter(Boolean).map(mermaidText).join("<br/>")}"`;
        out.push(`${indent}${n.id}${n.shape === "store" ? `[(${text})]` : n.shape === "external" ? `([${text}])` : `[${text}]`}`);
    };
    const group = (grp: GraphGroup | undefined, indent: string) => {
        for (const child of g.groups.filter((c) => c.parent === grp?.id)) {
            out.push(`${indent}subgraph ${child.id}["${mermaidText(child.label)}"]`);
            group(child, `${indent}  `);
            out.push(`${indent}end`);
        }
        for (const n of g.nodes.filter((x) => x.group === grp?.id)) node(n, indent);
    };
    group(undefined, "  ");
    for (const e of g.edges) {
        const label = e.label ? `|"${mermaidText(e.label)}"|` : "";
        out.push(`  ${e.from} ${e.style === "key" ? "-.->" : "-->"}${label} ${e.to}`);
    }
    for (const type of g.unknownTypes) out.push(`  %% not drawn (no row in scripts/graph/rules.ts): ${type}`);
    return out.join("\n") + "\n";
}

const dotText = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

export function toDot(g: Graph): string {
    const out = [
        "digraph strongroom {",
        '  rankdir=LR; compound=true; fontname="Helvetica"; fontsize=11;',
        '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#f8f8f8"]; edge [fontname="Helvetica", fontsize=9];',
    ];
    const shapes = { box: "box", store: "cylinder", external: "oval" } as const;
    const group = (grp: GraphGroup | undefined, indent: string) => {
        for (const child of g.groups.filter((c) => c.parent === grp?.id)) {
            out.push(`${indent}subgraph cluster_${child.id} {`, `${indent}  label="${dotText(child.label)}"; style=rounded; color="#999999";`);
            group(child, `${indent}  `);
            out.push(`${indent}}`);
        }
        for (const n of g.nodes.filter((x) => x.group === grp?.id)) {
            out.push(`${indent}${n.id} [shape=${shapes[n.shape]}, label="${n.lines.filter(Boolean).map(dotText).join("\\n")}"];`);
        }
    };
    group(undefined, "  ");
    for (const e of g.edges) out.push(`  ${e.from} -> ${e.to} [label="${dotText(e.label)}"${e.style === "key" ? ', style=dashed, color="#8a6d00"' : ""}];`);
    out.push("}");
    return out.join("\n") + "\n";
}
