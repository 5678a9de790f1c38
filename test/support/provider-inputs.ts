// The AWS provider's own account of what each resource type takes: every `<Type>Args` interface in
// @pulumi/aws's type definitions (node_modules/@pulumi/aws/**/*.d.ts), with the input names it holds, nested
// input types (`inputs.ec2.LaunchTemplateMetadataOptions`) opened up, so coverage is derived, not remembered.
import * as fs from "fs";
import * as path from "path";

const ROOT = path.dirname(require.resolve("@pulumi/aws/package.json"));

export interface ProviderType {
    /** The Pulumi type token, e.g. aws:iam/role:Role. */
    readonly token: string;
    /** Input paths, e.g. `metadataOptions.httpTokens`, `replicas[].kmsKeyArn`. */
    readonly inputs: string[];
}

const NESTED = /inputs\.([a-zA-Z0-9]+)\.([A-Za-z0-9]+)/;

/** Interface name -> its property lines, from one .d.ts text. */
function interfaces(text: string): Map<string, { name: string; type: string }[]> {
    const found = new Map<string, { name: string; type: string }[]>();
    for (const m of text.matchAll(/^(?:export )?interface ([A-Za-z0-9]+) \{\n([\s\S]*?)\n\}/gm)) {
        const props: { name: string; type: string }[] = [];
        // Property lines sit at 4 spaces (8 inside a namespace); doc comments and nested object types are skipped.
        for (const p of m[2].matchAll(/^\s{4,8}([a-zA-Z0-9_]+)\??: (.+)$/gm)) props.push({ name: p[1], type: p[2] });
        found.set(m[1], props);
    }
    return found;
}

let nestedTypes: Map<string, { name: string; type: string }[]> | undefined;

function nested(): Map<string, { name: string; type: string }[]> {
    if (!nestedTypes) {
        nestedTypes = new Map();
        const text = fs.readFileSync(path.join(ROOT, "types", "input.d.ts"), "utf8");
        // Namespaces: `export declare namespace ec2 {` … each interface inside is keyed `ec2.Name`.
        const parts = text.split(/^export declare namespace ([a-zA-Z0-9]+) \{$/m);
        for (let i = 1; i < parts.length; i += 2) {
            const body = parts[i + 1].replace(/^ {4}/gm, "");
            for (const [name, props] of interfaces(body)) nestedTypes.set(`${parts[i]}.${name}`, props);
        }
    }
    return nestedTypes;
}

function expand(props: { name: string; type: string }[], prefix: string, depth: number, out: string[]): void {
    for (const p of props) {
        const here = `${prefix}${p.name}`;
        out.push(here);
        const ref = NESTED.exec(p.type);
        const inner = ref && depth < 3 ? nested().get(`${ref[1]}.${ref[2]}`) : undefined;
        if (inner) expand(inner, `${here}${/\[\]/.test(p.type) ? "[]" : ""}.`, depth + 1, out);
    }
}

let cached: ProviderType[] | undefined;

/** Every custom resource type of the provider with its input paths. */
export function providerTypes(): ProviderType[] {
    if (cached) return cached;
    cached = [];
    for (const module of fs.readdirSync(ROOT, { withFileTypes: true })) {
        if (!module.isDirectory() || ["types", "config", "node_modules", "scripts"].includes(module.name)) continue;
        for (const file of fs.readdirSync(path.join(ROOT, module.name)).filter((f) => f.endsWith(".d.ts") && f !== "index.d.ts")) {
            const text = fs.readFileSync(path.join(ROOT, module.name, file), "utf8");
            const cls = /export declare class ([A-Za-z0-9]+) extends pulumi\.CustomResource/.exec(text)?.[1];
            if (!cls) continue;
            const args = interfaces(text).get(`${cls}Args`) ?? [];
            const inputs: string[] = [];
            expand(args, "", 0, inputs);
            cached.push({ token: `aws:${module.name}/${file.replace(/\.d\.ts$/, "")}:${cls}`, inputs });
        }
    }
    return cached;
}
