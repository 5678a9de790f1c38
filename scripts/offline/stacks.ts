// Finds and reads the shipped stack configs: Pulumi.<stack>.yaml at the top level and in stacks/examples/.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { flattenStackConfig } from "./recorder";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const STACK_DIRS = [PROJECT_ROOT, path.join(PROJECT_ROOT, "stacks", "examples")];

/** Every shipped stack name, e.g. ["dev", "prod", "staging"]. */
export function shippedStacks(): string[] {
    return STACK_DIRS.flatMap((dir) =>
        fs
            .readdirSync(dir)
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined),
    ).sort();
}

/** The flat config of a shipped stack; throws naming the files looked for. */
export function readStackConfig(stack: string): Record<string, string> {
    const candidates = STACK_DIRS.map((dir) => path.join(dir, `Pulumi.${stack}.yaml`));
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file) throw new Error(`no config for stack "${stack}": looked for ${candidates.map((f) => path.relative(PROJECT_ROOT, f)).join(", ")}`);
    const doc = parse(fs.readFileSync(file, "utf8")) ?? {};
    return flattenStackConfig(doc.config ?? {});
}
