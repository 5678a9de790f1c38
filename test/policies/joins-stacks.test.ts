// Generated over every shipped stack: each companion the program wires to its target by an output is rewired the
// other ways a program (or a preview) can name it — the same output still unknown at preview, the target's literal
// physical name — and no stack rule's verdict may change; wired to a literal naming another resource, the target
// loses its companion and the rule that needs it must refuse the target.
import * as assert from "assert";
import { OfflineResource, runPolicies } from "../../policies/offline";
import { policies } from "../../policies/rules";
import { JOINS } from "../../policies/lib/joins";
import { shippedStacks } from "../../scripts/offline/stacks";
import { plannedResources } from "./planned";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const stackRules = policies.filter((p) => "validateStack" in p);
/** The input that carries a target's physical name (the one a literal wiring repeats). */
const IDENTITY: Record<string, string> = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:iam/role:Role": "name",
    "aws:kms/key:Key": "keyId",
    "aws:kms/replicaKey:ReplicaKey": "keyId",
    "aws:kms/externalKey:ExternalKey": "keyId",
    "aws:kms/replicaExternalKey:ReplicaExternalKey": "keyId",
    "aws:ec2/vpc:Vpc": "id",
};
/** Joins a stack needs for its target to pass: without the companion, the target is refused. */
const REQUIRED = ["bucketEncryption", "bucketPublicAccessBlock", "bucketVersioning", "vpcDefaultSecurityGroup", "keyPolicy"];

async function stackVerdicts(resources: OfflineResource[]) {
    const verdicts = await runPolicies(resources, { policies: stackRules });
    return {
        mandatory: verdicts.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.resource}`),
        gaveUp: verdicts.filter((v) => /can't run/.test(v.message)).map((v) => v.policy),
    };
}

describe("stack joins, rewired over every shipped stack", function () {
    this.timeout(300_000);
    const tally = { companions: 0, rewirings: 0 };
    for (const stack of shippedStacks()) {
        it(`${stack}: an unknown or literal wiring changes no verdict; a literal naming another resource is refused`, async () => {
            const resources = await plannedResources(stack);
            const base = await stackVerdicts(resources);
            assert.deepStrictEqual(base.mandatory, [], `${stack} is refused before any rewiring`);
            for (const [joinName, join] of Object.entries(JOINS)) {
                for (const companion of resources) {
                    const spec = join.companions.find((c) => c.type === companion.type);
                    if (!spec) continue;
                    const target = resources.find(
                        (t) => (join.targets as string[]).includes(t.type) && (companion.propertyDependencies?.[spec.input] ?? []).includes(t.urn!),
                    );
                    if (!target) continue;
                    tally.companions++;
                    const list = Array.isArray(companion.props[spec.input]);
                    const rewire = (value: string | undefined, keepDependency: boolean, targetName?: string) =>
                        resources.map((r) => {
                            if (r === target && targetName) return { ...r, props: { ...r.props, [IDENTITY[r.type]]: targetName } };
                            if (r !== companion) return r;
                            const deps = { ...r.propertyDependencies };
                            if (!keepDependency) delete deps[spec.input];
                            return { ...r, propertyDependencies: deps, props: { ...r.props, [spec.input]: list ? [value] : value } };
                        });
                    const label = `${stack} ${joinName}: ${companion.name} → ${target.name}`;
                    const physical = `${target.name}-physical`;

                    const unknown = await stackVerdicts(rewire(UNKNOWN, true));
                    assert.deepStrictEqual(unknown, base, `${label}: the output unknown at preview changed a verdict`);
                    const literal = await stackVerdicts(rewire(physical, false, physical));
                    assert.deepStrictEqual(literal.mandatory, base.mandatory, `${label}: the literal physical name changed a verdict`);
                    tally.rewirings += 2;
                    if (REQUIRED.includes(joinName)) {
                        const mismatch = await stackVerdicts(rewire(`${physical}-other`, false, physical));
                        assert.ok(
                            mismatch.mandatory.some((v) => v.endsWith(` ${target.name}`)),
                            `${label}: a companion naming another resource still satisfied the rule`,
                        );
                        tally.rewirings++;
                    }
                }
            }
        });
    }
    for (const stack of shippedStacks()) {
        it(`${stack}: each key's policy moved into an aws.kms.KeyPolicy (by output or literal key id) is judged the same`, async () => {
            const resources = await plannedResources(stack);
            const keys = resources.filter((r) => r.type === "aws:kms/key:Key" && r.props.policy);
            assert.ok(keys.length > 0);
            for (const key of keys) {
                const moved = (keyId: string, viaOutput: boolean, keyIdOnKey?: string): OfflineResource[] => [
                    ...resources.map((r) => (r === key ? { ...r, props: { ...r.props, policy: undefined, ...(keyIdOnKey ? { keyId: keyIdOnKey } : {}) } } : r)),
                    {
                        type: "aws:kms/keyPolicy:KeyPolicy",
                        name: `${key.name}-policy`,
                        urn: `${key.urn}-policy`,
                        props: { keyId, policy: key.props.policy },
                        propertyDependencies: viaOutput ? { keyId: [key.urn!] } : {},
                    },
                ];
                const all = async (rs: OfflineResource[]) =>
                    (await runPolicies(rs)).filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.resource}`);
                assert.deepStrictEqual(await all(moved(UNKNOWN, true)), [], `${stack} ${key.name}: KeyPolicy by output`);
                assert.deepStrictEqual(await all(moved("0f0e0d0c-key-id", false, "0f0e0d0c-key-id")), [], `${stack} ${key.name}: KeyPolicy by literal id`);
                const mismatch = await all(moved("another-key-id", false, "0f0e0d0c-key-id"));
                assert.ok(mismatch.includes(`strongroom-kms-key-policy-set ${key.name}`), `${stack} ${key.name}: a KeyPolicy of another key`);
                tally.rewirings += 3;
            }
        });
    }
    after(() => console.log(`      companions rewired ${tally.companions}, rewirings checked ${tally.rewirings}`));
});
