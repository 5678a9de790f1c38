// Runs the access matrix: every call of every workload through the IAM engine, over the identity policies of the
// workload's role and the resource policy of what it calls, and compares the verdict with what Strongroom intends.
import { evaluate, Result } from "./evaluate";
import { StackFacts } from "./stack-facts";
import { Call, Workload, workloadsOf } from "./workloads";

export interface Row {
    readonly workload: string;
    readonly call: Call;
    readonly expected: Result;
    readonly actual: Result;
    readonly deniedBy: string[];
    /** Empty when the verdict is as intended; otherwise what is wrong. */
    readonly problem: string;
}

export async function runMatrix(facts: StackFacts, workloads: Workload[] = workloadsOf(facts)): Promise<Row[]> {
    const rows: Row[] = [];
    for (const w of workloads) {
        const identityPolicies = w.identityPolicies ?? (w.role ? facts.identityPolicies(w.role) : []);
        for (const call of w.calls) {
            const verdict = await evaluate({
                principal: w.principal,
                principalArn: w.principalArn,
                account: facts.account,
                action: call.action,
                resource: call.resource,
                context: call.context,
                identityPolicies,
                resourcePolicy: facts.resourcePolicy(call.resource),
            });
            const expected: Result = call.deniedBy === undefined ? "Allowed" : call.deniedBy === "implicit" ? "ImplicitlyDenied" : "ExplicitlyDenied";
            const problem =
                verdict.result !== expected
                    ? `is ${verdict.result}, expected ${expected}`
                    : call.deniedBy && call.deniedBy !== "implicit" && verdict.deniedBy.length > 0 && !verdict.deniedBy.includes(call.deniedBy)
                      ? `is denied by ${verdict.deniedBy.join(", ")}, not ${call.deniedBy}`
                      : "";
            rows.push({ workload: w.name, call, expected, actual: verdict.result, deniedBy: verdict.deniedBy, problem });
        }
    }
    return rows;
}

/** A row as one line a test failure or a reviewer can read. */
export function describeRow(r: Row): string {
    return `${r.workload}: ${r.call.why}: ${r.call.action} on ${r.call.resource} ${r.problem || r.actual}`;
}

/** Shortens an ARN to what tells it apart within one account: `table/strongroom-dev-vault-storage-0000000`. */
function shortArn(arn: string): string {
    if (arn === "*") return "*";
    const parts = arn.split(":");
    return parts.length >= 6 ? `${parts[2]}:${parts.slice(5).join(":")}` : arn;
}

/** The matrix as text: per workload what it can do and on what, then the refusals proven, then a summary line. */
export function renderMatrix(stack: string, rows: Row[]): string {
    const lines = [
        `Access matrix for ${stack}: each call evaluated by an IAM engine (@cloud-copilot/iam-simulate) over the planned`,
        "identity policies (AWS-managed ones as AWS publishes them) and the key, bucket and function policies it meets.",
    ];
    for (const workload of [...new Set(rows.map((r) => r.workload))]) {
        lines.push("", workload);
        const mine = rows.filter((r) => r.workload === workload);
        for (const allowed of [true, false]) {
            const groups = new Map<string, Row[]>();
            for (const r of mine.filter((x) => (x.expected === "Allowed") === allowed)) {
                const key = `${r.call.why}|${r.call.resource}|${JSON.stringify(r.call.context ?? {})}|${r.deniedBy.join(",")}|${r.problem}`;
                groups.set(key, [...(groups.get(key) ?? []), r]);
            }
            for (const group of groups.values()) {
                const r = group[0];
                const actions = group.map((g) => g.call.action).join(", ");
                const via = r.call.context?.["kms:ViaService"] ? ` via ${r.call.context["kms:ViaService"].split(".")[0]}` : "";
                const verdict = r.problem
                    ? `✗ ${r.problem}`
                    : allowed
                      ? ""
                      : ` — ${r.deniedBy.length > 0 ? `denied by ${r.deniedBy.join(", ")}` : r.actual === "ImplicitlyDenied" ? "nothing allows it" : "denied"}`;
                lines.push(`  ${allowed ? "can  " : "never"}  ${actions} on ${shortArn(r.call.resource)}${via} (${r.call.why})${verdict}`);
            }
        }
    }
    const allowed = rows.filter((r) => r.expected === "Allowed").length;
    const wrong = rows.filter((r) => r.problem);
    lines.push(
        "",
        `${new Set(rows.map((r) => r.workload)).size} workloads, ${allowed} calls allowed, ${rows.length - allowed} refusals: ` +
            (wrong.length === 0 ? "every verdict as designed." : `${wrong.length} NOT as designed (✗).`),
    );
    return lines.join("\n") + "\n";
}
