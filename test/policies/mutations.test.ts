// Generative tests over every shipped and example stack: each policy document (and each input whose AWS default is
// unsafe) is mutated by operators that widen what it grants, and every mutant that really widens must be refused by
// the pack; meaning-preserving rewrites of every document, original or mutated, must never change a verdict.
import * as assert from "assert";
import { OfflineResource, runPolicies } from "../../policies/offline";
import { policies } from "../../policies/rules";
import { shippedStacks } from "../../scripts/offline/stacks";
import { devModeMutants, trustMutants } from "../support/class-mutations";
import { documentMutants, movedInline, Mutant, REWRITES, rewritten, unsetMutants } from "../support/policy-mutations";
import { plannedResources } from "./planned";

const resourceRules = policies.filter((p) => "validateResource" in p);
const stackRules = policies.filter((p) => "validateStack" in p);

/** The stack a resource is judged in: the other resources, and the resource's own place among them. */
interface InStack {
    readonly others: OfflineResource[];
    readonly self: OfflineResource;
}

/**
 * The rules that report a mandatory violation for one resource: the resource rules on it, and — when it is judged in
 * its stack — the stack rules over the stack with this resource in its place (a key's policy may come from a KeyPolicy).
 */
async function verdict(type: string, props: Record<string, any>, stack?: InStack): Promise<string[]> {
    const name = stack?.self.name ?? "r";
    const resource: OfflineResource = { ...(stack?.self ?? { name }), type, name, props };
    const found = await runPolicies([resource], { policies: resourceRules });
    if (stack) found.push(...(await runPolicies([...stack.others, resource], { policies: stackRules })).filter((v) => v.resource === name && v.type === type));
    return [...new Set(found.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy))].sort();
}

describe("policy pack mutation suite", function () {
    this.timeout(300_000);
    const tally = { generated: 0, caught: 0, equivalent: 0, rewrites: 0 };
    const missed: string[] = [];
    const equivalents = new Map<string, number>();
    const byOperator = new Map<string, number>();

    for (const stack of shippedStacks()) {
        it(`${stack}: every widening mutant is refused, and no rewrite changes a verdict`, async () => {
            const resources = await plannedResources(stack);
            for (const r of resources) {
                const inStack: InStack = { others: resources.filter((x) => x !== r), self: r };
                const mutants: Mutant[] = [
                    ...documentMutants(r.type, r.props),
                    ...unsetMutants(r.type, r.props),
                    ...trustMutants(r.type, r.props),
                    ...devModeMutants(r.type, r.props),
                ];
                if (mutants.length === 0) continue;
                assert.deepStrictEqual(await verdict(r.type, r.props, inStack), [], `${stack} ${r.name} is refused before any mutation`);
                for (const m of mutants) {
                    tally.generated++;
                    byOperator.set(m.operator, (byOperator.get(m.operator) ?? 0) + 1);
                    const rules = await verdict(m.type, m.props, inStack);
                    const label = `${stack} ${r.name} ${m.operator} ${m.what}`;
                    if (m.equivalent) {
                        tally.equivalent++;
                        equivalents.set(`${m.operator}: ${m.equivalent}`, (equivalents.get(`${m.operator}: ${m.equivalent}`) ?? 0) + 1);
                    } else if (rules.length > 0) tally.caught++;
                    else missed.push(label);
                    // The same document moved inline onto its resource is judged the same (the move is also a mutant).
                    const inline = movedInline(m);
                    if (inline && !m.equivalent) {
                        tally.generated++;
                        if ((await verdict(inline.type, inline.props)).length > 0) tally.caught++;
                        else missed.push(`${label} (moved inline onto ${inline.type})`);
                    }
                    for (const [name, rewrite] of Object.entries(REWRITES)) {
                        tally.rewrites++;
                        assert.deepStrictEqual(
                            await verdict(m.type, rewritten(m.type, m.props, rewrite), inStack),
                            rules,
                            `${label}: rewrite "${name}" changed the verdict`,
                        );
                    }
                }
                for (const [name, rewrite] of Object.entries(REWRITES)) {
                    tally.rewrites++;
                    assert.deepStrictEqual(
                        await verdict(r.type, rewritten(r.type, r.props, rewrite), inStack),
                        [],
                        `${stack} ${r.name}: rewrite "${name}" changed the verdict`,
                    );
                }
                const inline = movedInline(r);
                if (inline) assert.deepStrictEqual(await verdict(inline.type, inline.props), [], `${stack} ${r.name} moved inline is refused`);
            }
        });
    }

    after(() => {
        console.log(
            `      mutants generated ${tally.generated}, caught ${tally.caught}, equivalent ${tally.equivalent}, missed ${missed.length}; meaning-preserving rewrites checked ${tally.rewrites}`,
        );
        console.log(`        by operator: ${[...byOperator].map(([o, n]) => `${o} ×${n}`).join(", ")}`);
        for (const [why, n] of equivalents) console.log(`        equivalent ×${n}: ${why}`);
    });

    it("catches every non-equivalent mutant", () => assert.deepStrictEqual(missed, []));
});
