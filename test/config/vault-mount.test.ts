// Class: Vault KV mount paths. Nested mounts (teams/kv-v2) are accepted, and the function, its Vault policy and the
// audit subscription all handle one; Vault's own refusals (protected roots, empty segments) are refused; a trailing
// slash, which Vault's mount listing shows, is the same mount.
import * as assert from "assert";
import { kvPathOf } from "../../functions/replication/audit-line";
import { auditFilterPattern } from "../../infra/replication/audit-subscription";
import { replicationPolicy, REPLICATION_POLICY } from "../../scripts/ops/vault-policies";
import { VAULT_PROTECTED_MOUNTS } from "../../stacks/config-vault-mount";
import { accepted, refused } from "../support/config-verdict";
import { runHandler } from "../support/fakes/run";
import { startWorld } from "../support/fakes/world";
import { one, planWith } from "../support/stack";

const KEY = "strongroom:replicationKvMount";
const NESTED = "teams/kv-v2";

describe("config class: Vault KV mount paths", () => {
    it("accepts mounts nested 1 to 4 levels deep, and the same mount with Vault's trailing slash", () => {
        for (const mount of ["kv", "teams/kv-v2", "org/teams/kv-v2", "a/b/c/d", "team_1/kv.v2", "kv-v2"]) {
            assert.strictEqual(accepted("dev", { [KEY]: mount }).replicationKvMount, mount);
            const slashed = accepted("dev", { [KEY]: `${mount}/` });
            assert.strictEqual(slashed.replicationKvMount, mount, "a trailing slash names the same mount");
            assert.strictEqual(slashed.replicationSecretsPrefix, mount, "and the same default prefix");
        }
    });

    it("refuses what Vault refuses or cannot route: protected roots, empty and dot segments, a leading slash, odd characters", () => {
        for (const root of VAULT_PROTECTED_MOUNTS) {
            for (const mount of [root, `${root}/kv`, `${root}/`]) assert.match(refused("dev", { [KEY]: mount }, KEY, mount).message, /Vault keeps for itself/);
        }
        for (const near of ["system", "sysx/kv", "authority", "kv/sys", "teams/auth"]) accepted("dev", { [KEY]: near }, near);
        for (const bad of ["", "/", "//", "teams//kv", "/teams/kv", "teams/./kv", "teams/../kv", "teams/kv v2", "teams/kv#2", "x".repeat(257)]) {
            refused("dev", { [KEY]: bad }, KEY, JSON.stringify(bad));
        }
    });

    it("the plan carries a nested mount everywhere: function, secrets prefix and its IAM scope, audit filter", async () => {
        const run = await planWith("dev", { [KEY]: `${NESTED}/` }, "dev-nested-mount");
        const fn = one(run, "aws:lambda/function:Function", "-replication-fn");
        assert.strictEqual(fn.inputs.environment.variables.VAULT_KV_MOUNT, NESTED);
        assert.strictEqual(fn.inputs.environment.variables.SECRETS_PREFIX, NESTED);
        const filter = one(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").inputs.filterPattern;
        assert.ok(filter.includes(`request.path = "${NESTED}/data/*"`), filter);
        assert.ok(JSON.stringify(run.resources.filter((r) => r.type.startsWith("aws:iam/")).map((r) => r.inputs)).includes(`secret:${NESTED}/`));
    });

    it("the Vault policy and the audit path reader take a nested mount, and nothing beside it", () => {
        assert.match(replicationPolicy(NESTED), /path "teams\/kv-v2\/metadata\/\*"/);
        assert.match(replicationPolicy(NESTED), /path "teams\/kv-v2\/data\/\*"/);
        const scope = { mount: NESTED, path: "" };
        assert.deepStrictEqual(kvPathOf(`${NESTED}/data/app/db`, undefined, scope), { path: "app/db" });
        assert.deepStrictEqual(kvPathOf(`${NESTED}/metadata/app/db`, undefined, scope), { path: "app/db" });
        for (const foreign of ["teams/data/kv-v2/app", "teams/kv-v2x/data/app", "kv-v2/data/app", "teams/kv-v2/config", "other/teams/kv-v2/data/app"]) {
            assert.deepStrictEqual(kvPathOf(foreign, undefined, scope), { refused: "foreign-path" }, foreign);
        }
        assert.ok(auditFilterPattern("file", NESTED, "").includes(`$.request.path = "${NESTED}/metadata/*"`));
    });

    it("the function replicates from a nested mount against the fake Vault, and its policy reads no sibling mount", async () => {
        const world = await startWorld();
        try {
            world.vault.acl.setPolicy(REPLICATION_POLICY, replicationPolicy(NESTED));
            world.vault.put(NESTED, "app/db", { password: "p1" });
            world.vault.put("teams/other", "app/db", { password: "never" });
            const run = await runHandler(world, { VAULT_KV_MOUNT: NESTED, SECRETS_PREFIX: NESTED });
            assert.ifError(run.error);
            assert.strictEqual(run.result?.created, 1);
            assert.deepStrictEqual(JSON.parse(world.aws.secretsManager.value(`${NESTED}/app/db`)!), { password: "p1" });
            const sibling = await runHandler(world, { VAULT_KV_MOUNT: "teams/other", SECRETS_PREFIX: "other" });
            assert.match(sibling.error!.message, /vault-403/);
        } finally {
            await world.stop();
        }
    });
});
