// The policy pack's verdicts on an offline run, and how the plan prints them.
import { runPolicies, Verdict } from "../../policies/offline";
import { policies } from "../../policies/rules";
import { OfflineRun } from "./recorder";

export function judge(run: OfflineRun): Promise<Verdict[]> {
    return runPolicies(
        run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, parent: r.parent, props: r.inputs, propertyDependencies: r.propertyDependencies })),
    );
}

export function renderVerdicts(verdicts: Verdict[]): string {
    const lines = ["", "Policy pack strongroom:"];
    for (const p of policies) {
        const found = verdicts.filter((v) => v.policy === p.name);
        const level = p.enforcementLevel ?? "mandatory";
        lines.push(
            `  ${found.length === 0 ? "pass" : level === "mandatory" ? "FAIL" : "warn"}  ${p.name} (${level})${found.length ? `: ${found.length} violation(s)` : ""}`,
        );
        for (const v of found) lines.push(`          ${v.type} ${v.resource}: ${v.message}`);
    }
    const mandatory = verdicts.filter((v) => v.enforcementLevel === "mandatory").length;
    lines.push(`  ${mandatory} mandatory and ${verdicts.length - mandatory} advisory violation(s)`);
    return lines.join("\n") + "\n";
}
