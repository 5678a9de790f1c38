// Class check: every legal Pulumi stack name ([A-Za-z0-9_.-]{1,100}, the backend's own rule) yields AWS names AWS
// accepts, on both layouts: generated names (a seeded generator over the whole alphabet and every length class) and
// the awkward ones (capitals, `_`, `.`, only punctuation, the longest kept name and 100 characters), each checked
// against the name-limit table (test/support/aws-names.ts). Distinct stacks never share a name.
import * as assert from "assert";
import { awsStackName, MAX_KEPT_STACK_NAME } from "../../infra/names";
import { readStackConfig } from "../../scripts/offline/stacks";
import { nameProblems } from "../support/aws-names";
import { planConfig } from "../support/stack";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
const PULUMI_STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** A small deterministic generator (mulberry32), so a failure names a stack name that reproduces. */
function generator(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function legalStackNames(count: number, seed = 24): string[] {
    const next = generator(seed);
    const lengths = [1, 7, 23, MAX_KEPT_STACK_NAME, MAX_KEPT_STACK_NAME + 1, 100];
    return [...Array(count).keys()].map((i) => {
        const length = lengths[i % lengths.length];
        return [...Array(length).keys()].map(() => ALPHABET[Math.floor(next() * ALPHABET.length)]).join("");
    });
}

const AWKWARD = ["Prod_EU.1", "A", "_", "...", "-x-", "prod", "x".repeat(MAX_KEPT_STACK_NAME), "Y".repeat(100), "a_b.c-D".repeat(14).slice(0, 100)];

describe("every legal Pulumi stack name yields names AWS accepts", function () {
    this.timeout(600_000);
    const names = [...AWKWARD, ...legalStackNames(6)];

    it("the names under test are legal Pulumi stack names", () => {
        for (const name of names) assert.match(name, PULUMI_STACK_NAME);
    });

    for (const name of names) {
        for (const stack of ["dev", "prod"]) {
            it(`${stack}'s config as stack ${JSON.stringify(name.length > 30 ? `${name.slice(0, 27)}…(${name.length})` : name)}`, async () => {
                assert.deepStrictEqual(nameProblems((await planConfig(name, readStackConfig(stack))).resources), []);
            });
        }
    }

    it("keeps names that were already AWS's, and never maps two stacks to one name", () => {
        for (const kept of ["dev", "prod", "production-eu-central", "x".repeat(MAX_KEPT_STACK_NAME)]) assert.strictEqual(awsStackName(kept), kept);
        const all = [...names, "prod-eu-1", "Prod-EU-1", "prod_eu_1", "prod.eu.1", "x".repeat(MAX_KEPT_STACK_NAME + 1), "x".repeat(100)];
        assert.strictEqual(new Set(all.map(awsStackName)).size, new Set(all).size);
    });

    it("the check is not blind: the first version's raw stack name in a bucket and a load balancer is caught", () => {
        const base = { urn: "u", custom: true, inputs: {}, propertyDependencies: {} };
        const problems = nameProblems([
            { ...base, type: "aws:s3/bucket:Bucket", name: "strongroom-Prod_EU.1-vault-snapshots-bucket" },
            { ...base, type: "aws:lb/targetGroup:TargetGroup", name: "Prod_EU.1-tg" },
        ]);
        assert.deepStrictEqual(problems.length, 2, problems.join("\n"));
        for (const p of problems) assert.match(p, /has characters AWS does not allow/);
    });
});
