// SVG through Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz): no browser and no native binary.
import type { Graph } from "./model";
import { toDot } from "./render";

export async function toSvg(g: Graph): Promise<string> {
    // An ES module: loaded on demand, so a plan without --graph-out never pays for it.
    const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
    const graphviz = await Graphviz.load();
    return graphviz.dot(toDot(g), "svg");
}
