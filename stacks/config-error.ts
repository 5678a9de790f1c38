// How config problems are reported: every problem at once, each naming the full key and the fix.
import type { z } from "zod";

export interface ConfigIssue {
    /** The full config key, e.g. `strongroom:nodeCount` or `strongroom:allowedCidrs[1]`. */
    readonly key: string;
    readonly message: string;
}

export class ConfigError extends Error {
    constructor(
        readonly stack: string,
        readonly issues: readonly ConfigIssue[],
    ) {
        super(
            `Stack "${stack}" has ${issues.length} config problem(s); nothing was created:\n` +
                issues.map((i) => `  - ${i.key}: ${i.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** Turns zod issues into ConfigIssues keyed by the full Pulumi config key. */
export function describeIssues(error: z.ZodError): ConfigIssue[] {
    return error.issues.map((issue) => {
        const [head, ...rest] = issue.path;
        const key = `strongroom:${String(head)}${rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
        if (head === "layout") {
            return { key, message: "must be ec2-dynamodb or eks-raft; run `pulumi config set strongroom:layout ec2-dynamodb`" };
        }
        if (issue.code === "invalid_type" && issue.input === undefined) {
            return { key, message: `is required; set it with \`pulumi config set ${key} …\` (see the config table in README.md)` };
        }
        return { key, message: issue.message };
    });
}
