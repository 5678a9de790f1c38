// Class: strongroom:tags pass the tag rules of every service the stack tags (IAM's and KMS's are the strictest):
// key 1-128 and value 0-256 Unicode characters of letters, digits, spaces and _ . : / = + - @; no aws: prefix in any
// case; at most 50 tags on a resource, counting the stack's own, which are counted here from the planned resources.
import * as assert from "assert";
import { OfflineRun } from "../../scripts/offline/recorder";
import { MAX_TAGS_PER_RESOURCE, STACK_OWN_TAGS } from "../../stacks/config-tags";
import { accepted, refused, verdict } from "../support/config-verdict";
import { planStack, planWith } from "../support/stack";
import { STACK_VARIANTS } from "../support/stack-variants";
import { readStackConfig, shippedStacks } from "../../scripts/offline/stacks";

const KEY = "strongroom:tags";
const tags = (entries: Record<string, string>) => ({ [KEY]: entries });

/** The most tags any planned resource carries: its own plus the provider's default tags (stack tag and user tags). */
function mostTagsOnAResource(run: OfflineRun, leaveOut: readonly string[] = []): number {
    const provider = run.resources.find((r) => r.type === "pulumi:providers:aws")!;
    const defaults = Object.keys(JSON.parse(provider.inputs.defaultTags).tags).filter((k) => !leaveOut.includes(k));
    let most = defaults.length;
    for (const r of run.resources) {
        const own = r.inputs.tags;
        if (own === undefined || !r.type.startsWith("aws:")) continue;
        const keys = Array.isArray(own) ? own.map((t: { key: string }) => t.key) : Object.keys(own);
        most = Math.max(most, new Set([...keys, ...defaults]).size);
    }
    return most;
}

describe("config class: resource tags", () => {
    it("counts the stack's own tags from the program: the busiest resource of every shipped stack and variant", async () => {
        const userKeys = (stack: string) => Object.keys(JSON.parse(readStackConfig(stack)[KEY] ?? "{}"));
        let most = 0;
        for (const stack of shippedStacks()) most = Math.max(most, mostTagsOnAResource(await planStack(stack), userKeys(stack)));
        for (const [name, [stack, edit]] of Object.entries(STACK_VARIANTS))
            most = Math.max(most, mostTagsOnAResource(await planWith(stack, edit, name), userKeys(stack)));
        assert.strictEqual(most, STACK_OWN_TAGS, "STACK_OWN_TAGS (stacks/config-tags.ts) must be what the program puts on its busiest resource");
    });

    it("takes as many user tags as fit beside the stack's own and refuses one more; the plan then holds exactly 50", async function () {
        this.timeout(120_000);
        const room = MAX_TAGS_PER_RESOURCE - STACK_OWN_TAGS;
        const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${String(i).padStart(2, "0")}`, "x"]));
        for (const stack of ["dev", "prod"]) {
            accepted(stack, tags(many(room)));
            assert.match(refused(stack, tags(many(room + 1)), KEY).message, new RegExp(`at most ${room} fit`));
        }
        assert.strictEqual(mostTagsOnAResource(await planWith("dev", { [KEY]: JSON.stringify(many(room)) }, "dev-most-tags")), MAX_TAGS_PER_RESOURCE);
    });

    it("measures keys and values in Unicode characters: 128 and 256 fit, one more does not, in one- and two-unit letters", () => {
        for (const letter of ["k", "é", "鍵", "𝒜"]) {
            accepted("dev", tags({ [letter.repeat(128)]: "v" }), `128 × ${letter}`);
            refused("dev", tags({ [letter.repeat(129)]: "v" }), KEY, `129 × ${letter}`);
            accepted("dev", tags({ note: letter.repeat(256) }), `value 256 × ${letter}`);
            refused("dev", tags({ note: letter.repeat(257) }), KEY, `value 257 × ${letter}`);
        }
        accepted("dev", tags({ note: "" }), "an empty value");
        refused("dev", tags({ "": "v" }), KEY, "an empty key");
    });

    it("allows exactly letters, digits, spaces and _ . : / = + - @, in keys and values: every printable ASCII character tried", () => {
        const allowed = /^[A-Za-z0-9 _.:/=+\-@]$/;
        for (let code = 0x20; code < 0x7f; code++) {
            const ch = String.fromCharCode(code);
            for (const [what, edit] of [
                ["key", tags({ [`team${ch}a`]: "v" })],
                ["value", tags({ team: `a${ch}b` })],
            ] as const) {
                const ok = "config" in verdict("dev", edit);
                assert.strictEqual(ok, allowed.test(ch), `${what} with ${JSON.stringify(ch)}`);
            }
        }
        accepted("dev", tags({ équipe: "sécurité", 部署: "運用", "cost center": "4711" }), "Unicode letters and spaces");
        refused("dev", tags({ team: "a\u0007b" }), KEY, "a control character");
        refused("dev", tags({ team: "🔑" }), KEY, "a symbol that is not a letter");
    });

    it("refuses the aws: prefix in every case, and the stack's own strongroom: namespace; similar keys pass", () => {
        for (let mask = 0; mask < 8; mask++) {
            const prefix = [..."aws"].map((c, i) => (mask & (1 << i) ? c.toUpperCase() : c)).join("");
            assert.match(refused("dev", tags({ [`${prefix}:owner`]: "platform" }), KEY, prefix).message, /prefix AWS reserves/);
        }
        for (const key of ["strongroom:stack", "Strongroom:role", "strongroom:anything"]) refused("dev", tags({ [key]: "x" }), KEY, key);
        for (const key of ["aws", "awsome:x", "x-aws:y", "strongroom", "strongroom-team"]) accepted("dev", tags({ [key]: "x" }), key);
    });

    it("the shipped staging tags, and each mutated to break one rule, get the verdicts above", () => {
        accepted("staging", {});
        for (const [edit, why] of [
            [{ team: "platform", "cost#center": "4711" }, "a # in a key"],
            [{ team: "platform", "AWS:cost-center": "4711" }, "the aws: prefix"],
            [{ team: "p".repeat(257) }, "a long value"],
        ] as const) {
            refused("staging", tags(edit), KEY, why);
        }
    });
});
