// Coverage derived from the provider itself: every @pulumi/aws resource type whose inputs hold a policy document, a
// key reference, an encryption setting, a network ingress, a launch configuration or a credential is judged or
// consciously excluded in policies/coverage.ts, and a judged type is really judged by the rules named.
import * as assert from "assert";
import { EXCLUDED, JUDGED } from "../../policies/coverage";
import { policies } from "../../policies/rules";
import { CATEGORIES, relevantTypes } from "./coverage-categories";
import { providerTypes } from "../support/provider-inputs";
import { planStack } from "../support/stack";
import { shippedStacks } from "../../scripts/offline/stacks";

/** Whether a rule takes up a resource of this type (does not declare itself not applicable to it). */
async function judges(ruleName: string, type: string): Promise<boolean> {
    const rule = policies.find((p) => p.name === ruleName);
    if (!rule) return false;
    if ("validateStack" in rule) return true;
    const validations = Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource!];
    for (const v of validations) {
        const pulumiType = (v as { __pulumiType?: string }).__pulumiType;
        if (pulumiType && pulumiType !== type) continue;
        let notApplicable = false;
        const args = {
            type,
            props: {},
            urn: "u",
            name: "n",
            opts: {},
            getConfig: () => ({}),
            isType: () => pulumiType === type,
            asType: () => ({}),
            notApplicable: () => {
                notApplicable = true;
                throw new Error("not applicable");
            },
        };
        try {
            await v(args as never, () => undefined);
        } catch {
            /* a rule may throw on empty props; only notApplicable counts */
        }
        if (!notApplicable) return true;
    }
    return false;
}

describe("policy pack coverage of the AWS provider", function () {
    this.timeout(120_000);
    const excluded = new Map(EXCLUDED.flatMap(([reason, types]) => types.map((t) => [t, reason] as const)));

    it("derives a real list from the provider's type definitions", () => {
        const relevant = relevantTypes();
        assert.ok(providerTypes().length > 1000, "the provider's types were not read");
        assert.ok(relevant.get("aws:iam/role:Role")?.includes("policy document"));
        assert.ok(relevant.get("aws:ec2/launchTemplate:LaunchTemplate")?.includes("launch configuration"));
        assert.ok(relevant.get("aws:iam/serviceSpecificCredential:ServiceSpecificCredential"), "credentials found by input name");
        assert.ok(Object.keys(CATEGORIES).length === 7);
        assert.ok(relevant.get("aws:ecs/taskDefinition:TaskDefinition")?.includes("start command"));
    });

    it("every such type is judged or excluded with a reason, never both", () => {
        const unlisted = [...relevantTypes().keys()].filter((t) => !JUDGED[t] && !excluded.has(t));
        assert.deepStrictEqual(unlisted, [], "add each to policies/coverage.ts: judge it, or exclude it with a reason");
        assert.deepStrictEqual(
            Object.keys(JUDGED).filter((t) => excluded.has(t)),
            [],
        );
        assert.ok([...excluded.values()].every((r) => r.length > 20));
    });

    it("lists no type the provider does not have", () => {
        const known = new Set(providerTypes().map((t) => t.token));
        assert.deepStrictEqual(
            [...Object.keys(JUDGED), ...excluded.keys()].filter((t) => !known.has(t)),
            [],
        );
    });

    it("a judged type is judged by every rule the table names", async () => {
        const wrong: string[] = [];
        for (const [type, rules] of Object.entries(JUDGED)) for (const rule of rules) if (!(await judges(rule, type))) wrong.push(`${type} ${rule}`);
        assert.deepStrictEqual(wrong, []);
    });

    it("judges every such type a shipped stack creates (unless it matches a category by name only)", async () => {
        const relevant = relevantTypes();
        const created = new Set<string>();
        for (const stack of shippedStacks()) for (const r of (await planStack(stack)).resources) created.add(r.type);
        // Only a type that matches a category by an input's name alone, and carries none of them, may stay excluded.
        const byNameOnly = (t: string) => excluded.get(t)?.startsWith("matched by name only");
        const excludedButCreated = [...created]
            .filter((t) => relevant.has(t) && !JUDGED[t] && !byNameOnly(t))
            .map((t) => `${t}: ${excluded.get(t) ?? "not listed"}`);
        assert.deepStrictEqual(excludedButCreated, [], "Strongroom creates these: judge them");
        assert.ok(created.size > 40, "the shipped stacks were planned");
    });

    it("is not blind: a type missing from the table is reported", () => {
        const relevant = relevantTypes();
        const withoutRole = Object.fromEntries(Object.entries(JUDGED).filter(([t]) => t !== "aws:iam/role:Role"));
        assert.deepStrictEqual(
            [...relevant.keys()].filter((t) => !withoutRole[t] && !excluded.has(t)),
            ["aws:iam/role:Role"],
        );
    });
});
