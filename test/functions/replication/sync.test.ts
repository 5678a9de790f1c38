// The real handler, node-vault and AWS SDK clients against loopback fakes of Vault, Secrets Manager, SNS and STS.
import * as assert from "assert";
import { runHandler } from "../../support/fakes/run";
import { REPLICATION_POLICY } from "../../../scripts/ops/vault-policies";
import { CONNECTION_SECRET, MOUNT, OTHER_MOUNT, PREFIX, startWorld, World } from "../../support/fakes/world";
import { AUDIT_LOG_GROUP, auditLine, delivery, LAMBDA_CONTEXT, subscriptionEvent } from "../../support/audit-events";

describe("replication function", () => {
    let world: World;
    const sm = () => world.aws.secretsManager;
    beforeEach(async () => (world = await startWorld()));
    afterEach(async () => world.stop());

    it("first sync creates every secret, nested paths included, with the CMK, tags and the KV data as JSON", async () => {
        world.vault.put(MOUNT, "db/primary", { user: "app", password: "p1" });
        world.vault.put(MOUNT, "teams/a/b/c/deep", { token: "t1" });
        world.vault.put(MOUNT, "api-key", { key: "k1" });
        const run = await runHandler(world);
        assert.ifError(run.error);
        assert.deepStrictEqual(run.result, { created: 3, updated: 0, unchanged: 0, deleted: 0, conflicts: 0, failed: 0, drifted: 0 });
        const secret = sm().secrets.get(`${PREFIX}/teams/a/b/c/deep`)!;
        assert.deepStrictEqual(JSON.parse(sm().value(`${PREFIX}/teams/a/b/c/deep`)!), { token: "t1" });
        assert.strictEqual(secret.kmsKeyId, world.env.SECRETS_KMS_KEY_ID);
        const { "vault-version-created": created, ...tags } = secret.tags;
        assert.deepStrictEqual(tags, { "managed-by": "strongroom", "vault-path": "teams/a/b/c/deep", "vault-version": "1" });
        assert.match(created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/, "the copied version's creation time identifies it");
    });

    it("lists with GET ?list= and never reads outside its mount", async () => {
        world.vault.put(MOUNT, "a", { v: 1 });
        await runHandler(world);
        assert.ok(
            world.vault.requests.some((r) => /^GET \/v1\/hybrid-aws-secrets\/metadata\/\?list=/.test(r)),
            world.vault.requests.join("\n"),
        );
        assert.ok(world.vault.requests.every((r) => !r.includes(OTHER_MOUNT)));
        assert.ok(![...sm().secrets.keys()].some((n) => n.includes("root-credentials")));
    });

    it("steady state reads no secret value on either side: one metadata read per secret, the folder lists, one ListSecrets page", async () => {
        for (let i = 0; i < 20; i++) world.vault.put(MOUNT, `app/s${i}`, { v: i });
        await runHandler(world);
        world.vault.calls.reset();
        sm().calls.reset();
        const run = await runHandler(world);
        assert.deepStrictEqual(run.result, { created: 0, updated: 0, unchanged: 20, deleted: 0, conflicts: 0, failed: 0, drifted: 0 });
        assert.strictEqual(world.vault.calls.get("data"), 0);
        assert.strictEqual(world.vault.calls.get("metadata"), 20);
        assert.strictEqual(world.vault.calls.get("list"), 2);
        assert.deepStrictEqual(sm().calls.counts, { ListSecrets: 1 });
    });

    it("updates a changed secret with a new version and tags it, leaving the others alone", async () => {
        world.vault.put(MOUNT, "a", { v: "old" });
        world.vault.put(MOUNT, "b", { v: "same" });
        await runHandler(world);
        world.vault.put(MOUNT, "a", { v: "new" });
        world.vault.calls.reset();
        const run = await runHandler(world);
        assert.deepStrictEqual(run.result, { created: 0, updated: 1, unchanged: 1, deleted: 0, conflicts: 0, failed: 0, drifted: 0 });
        assert.deepStrictEqual(JSON.parse(sm().value(`${PREFIX}/a`)!), { v: "new" });
        assert.strictEqual(sm().secrets.get(`${PREFIX}/a`)!.tags["vault-version"], "2");
        assert.strictEqual(sm().secrets.get(`${PREFIX}/a`)!.versions.length, 2);
        assert.strictEqual(world.vault.calls.get("data"), 1, "only the changed secret's value is read");
    });

    it("pages through ListSecrets past 100 secrets", async () => {
        for (let i = 0; i < 250; i++) world.vault.put(MOUNT, `bulk/s${String(i).padStart(3, "0")}`, { v: i });
        assert.strictEqual((await runHandler(world, { MAX_CONCURRENCY: "16" })).result?.created, 250);
        sm().calls.reset();
        const run = await runHandler(world, { MAX_CONCURRENCY: "16" });
        assert.strictEqual(run.result?.unchanged, 250);
        assert.strictEqual(sm().calls.get("ListSecrets"), 3);
        assert.strictEqual(sm().calls.get("CreateSecret"), 0, "secrets on later pages were seen, not re-created");
    });

    it("syncs only VAULT_KV_PATH when one is given", async () => {
        world.vault.put(MOUNT, "team-a/x", { v: 1 });
        world.vault.put(MOUNT, "team-b/y", { v: 1 });
        const run = await runHandler(world, { VAULT_KV_PATH: "team-a" });
        assert.strictEqual(run.result?.created, 1);
        assert.ok(sm().secrets.has(`${PREFIX}/team-a/x`));
    });

    describe("deletion", () => {
        beforeEach(async () => {
            world.vault.put(MOUNT, "keep", { v: 1 });
            world.vault.put(MOUNT, "removed", { v: 1 });
            world.vault.put(MOUNT, "soft-deleted", { v: 1 });
            world.vault.put(MOUNT, "destroyed", { v: 1 });
            await runHandler(world);
            world.vault.remove(MOUNT, "removed");
            world.vault.softDelete(MOUNT, "soft-deleted");
            world.vault.destroy(MOUNT, "destroyed");
        });

        it("is off by default: nothing is deleted", async () => {
            const run = await runHandler(world);
            assert.strictEqual(run.result?.deleted, 0);
            assert.strictEqual(sm().calls.get("DeleteSecret"), 0);
        });

        it("in recover mode deletes with the recovery window, and restores a secret that comes back", async () => {
            const run = await runHandler(world, { DELETE_MODE: "recover", RECOVERY_WINDOW_DAYS: "7" });
            assert.strictEqual(run.result?.deleted, 3);
            for (const p of ["removed", "soft-deleted", "destroyed"]) {
                const s = sm().secrets.get(`${PREFIX}/${p}`)!;
                assert.ok(s.deletedDate, p);
                assert.strictEqual(s.recoveryWindowDays, 7);
            }
            assert.strictEqual(sm().secrets.get(`${PREFIX}/keep`)!.deletedDate, undefined);

            world.vault.put(MOUNT, "removed", { v: "back" });
            const arn = sm().secrets.get(`${PREFIX}/removed`)!.arn;
            const again = await runHandler(world, { DELETE_MODE: "recover" });
            assert.ifError(again.error);
            assert.strictEqual(sm().secrets.get(`${PREFIX}/removed`)!.deletedDate, undefined);
            assert.strictEqual(sm().secrets.get(`${PREFIX}/removed`)!.arn, arn, "restored, not re-created");
            assert.strictEqual(sm().calls.get("CreateSecret"), 4, "no second create");
        });
    });

    it("reports a conflict for a secret it does not own and never writes it", async () => {
        sm().seed(`${PREFIX}/shared`, "owned by someone else", { team: "payments" });
        world.vault.put(MOUNT, "shared", { v: 1 });
        const run = await runHandler(world, { DELETE_MODE: "recover" });
        assert.strictEqual(run.result?.conflicts, 1);
        assert.strictEqual(sm().value(`${PREFIX}/shared`), "owned by someone else");
        assert.ok(run.logs.some((l) => l.includes("conflict-not-managed")));
    });

    it("never touches its own connection secret, even when a Vault path maps onto its name", async () => {
        const name = `${PREFIX}/strongroom-connection`;
        sm().seed(name, JSON.stringify({ token: "tok" }), { "managed-by": "strongroom", "vault-path": "strongroom-connection", "vault-version": "0" });
        world.vault.put(MOUNT, "strongroom-connection", { token: "overwrite?" });
        const run = await runHandler(world, { VAULT_CONNECTION_SECRET_ID: name, DELETE_MODE: "recover" });
        assert.ifError(run.error);
        assert.strictEqual(sm().value(name), JSON.stringify({ token: "tok" }));
        assert.strictEqual(sm().secrets.get(name)!.deletedDate, undefined);
    });

    it("fails the run for an invalid name but still syncs the rest", async () => {
        world.vault.put(MOUNT, "good", { v: 1 });
        world.vault.put(MOUNT, "bad name with spaces", { v: 1 });
        const run = await runHandler(world);
        assert.match(run.error!.message, /bad name with spaces \(invalid-name\)/);
        assert.ok(sm().secrets.has(`${PREFIX}/good`));
        assert.strictEqual(world.aws.published.length, 1);
        assert.match(world.aws.published[0].message, /bad name with spaces: invalid-name/);
    });

    it("one failing secret never stops the others; the run fails loudly with an SNS report", async () => {
        for (const p of ["a", "b", "c", "d"]) world.vault.put(MOUNT, p, { v: p });
        world.vault.faults.add({ op: "data", match: "/b", status: 500 });
        const run = await runHandler(world);
        assert.ok(run.error, "the invocation errors");
        assert.deepStrictEqual(
            [...sm().secrets.keys()].sort(),
            ["a", "c", "d"].map((p) => `${PREFIX}/${p}`),
        );
        assert.deepStrictEqual(
            world.aws.published.map((m) => m.topicArn),
            [world.env.FAILURE_TOPIC_ARN],
        );
        assert.match(world.aws.published[0].message, /^b: vault-500$/m);
    });

    it("a sealed Vault fails the run before any write, and says so", async () => {
        world.vault.put(MOUNT, "a", { v: 1 });
        world.vault.sealed = true;
        const run = await runHandler(world);
        assert.match(run.error!.message, /vault-503/);
        assert.strictEqual(sm().calls.get("CreateSecret"), 0);
        assert.match(world.aws.published[0].message, /vault-503/);
    });

    it("an unreachable Vault fails the run with a network error kind", async () => {
        const run = await runHandler(world, { VAULT_ADDR: "https://127.0.0.1:1" });
        assert.match(run.error!.message, /network-ECONNREFUSED/);
        assert.strictEqual(world.aws.published.length, 1);
    });

    it("rides out transient Vault 429/5xx with retries", async () => {
        for (const p of ["a", "b"]) world.vault.put(MOUNT, p, { v: p });
        world.vault.faults.add({ op: "metadata", status: 429, times: 2 });
        world.vault.faults.add({ op: "data", status: 502, times: 2 });
        const run = await runHandler(world);
        assert.ifError(run.error);
        assert.strictEqual(run.result?.created, 2);
    });

    it("slows down under a Secrets Manager throttling storm instead of failing", async () => {
        for (let i = 0; i < 40; i++) world.vault.put(MOUNT, `s${i}`, { v: i });
        sm().faults.add({ op: "CreateSecret", status: 400, type: "ThrottlingException", times: 6 });
        const run = await runHandler(world, { MAX_CONCURRENCY: "16" });
        assert.ifError(run.error);
        assert.strictEqual(run.result?.created, 40);
        assert.ok(sm().calls.get("CreateSecret") > 40, "throttled calls were retried");
    });

    it("resumes a half-finished update without a second version", async () => {
        world.vault.put(MOUNT, "a", { v: 1 });
        await runHandler(world);
        world.vault.put(MOUNT, "a", { v: 2 });
        // A non-retryable error stops the run between PutSecretValue and TagResource, as a timeout would.
        sm().faults.add({ op: "TagResource", status: 400, type: "AccessDeniedException", times: 1 });
        const half = await runHandler(world);
        assert.ok(half.error, "the run with the failed tag fails");
        assert.strictEqual(sm().secrets.get(`${PREFIX}/a`)!.versions.length, 2);
        sm().faults.clear();
        const resumed = await runHandler(world);
        assert.ifError(resumed.error);
        assert.strictEqual(sm().secrets.get(`${PREFIX}/a`)!.versions.length, 2, "the same ClientRequestToken made no new version");
        assert.strictEqual(sm().secrets.get(`${PREFIX}/a`)!.tags["vault-version"], "2");
    });

    it("DRY_RUN plans and logs without writing", async () => {
        world.vault.put(MOUNT, "a", { v: 1 });
        const run = await runHandler(world, { DRY_RUN: "true" });
        assert.ifError(run.error);
        assert.strictEqual(sm().secrets.size, 0);
        assert.strictEqual(world.vault.calls.get("data"), 0);
        assert.ok(run.logs.some((l) => l.includes('"event":"dry-run"') && l.includes('"action":"create"')));
    });

    it("token mode reads the token from the connection secret", async () => {
        sm().seed(CONNECTION_SECRET, JSON.stringify({ token: world.vault.token([REPLICATION_POLICY]) }));
        world.vault.put(MOUNT, "a", { v: 1 });
        const run = await runHandler(world, { VAULT_AUTH_METHOD: "token", VAULT_CONNECTION_SECRET_ID: CONNECTION_SECRET, VAULT_AWS_ROLE: undefined });
        assert.ifError(run.error);
        assert.strictEqual(run.result?.created, 1);
        assert.strictEqual(world.vault.calls.get("login"), 0);
        assert.ok(world.vault.requests.includes("POST /v1/auth/token/renew-self"), "the periodic token is renewed each run");
    });

    it("is refused by Vault when its IAM identity is not the bound role", async () => {
        world.vault.sys.roles.get("auth/aws/role/replication")!.bound_iam_principal_arn = ["arn:aws:iam::123456789012:role/someone-else"];
        const run = await runHandler(world);
        assert.match(run.error!.message, /vault-403/);
    });

    it("fails at once, naming the variable, on a missing or malformed setting", async () => {
        for (const [extra, name] of [
            [{ VAULT_ADDR: undefined }, "VAULT_ADDR"],
            [{ VAULT_ADDR: "http://vault:8200" }, "VAULT_ADDR"],
            [{ DELETE_MODE: "purge" }, "DELETE_MODE"],
            [{ RECOVERY_WINDOW_DAYS: "3" }, "RECOVERY_WINDOW_DAYS"],
            [{ MAX_CONCURRENCY: "lots" }, "MAX_CONCURRENCY"],
            [{ VAULT_AUTH_METHOD: "token" }, "VAULT_CONNECTION_SECRET_ID"],
            [{ VAULT_CA_CERT: "not a pem" }, "VAULT_CA_CERT"],
        ] as const) {
            const run = await runHandler(world, extra);
            assert.ok(run.error?.message.startsWith(name), `${JSON.stringify(extra)} -> ${run.error?.message}`);
        }
        assert.strictEqual(world.vault.calls.get("login"), 0);
    });

    it("never puts a secret value or token in a log line, SNS message, error or return value", async () => {
        const values = ["VALUE-alpha-7f3e", "VALUE-beta-19ab", "VALUE-gamma-c0de", "VALUE-delta-0042", world.vault.token([REPLICATION_POLICY])];
        sm().seed(CONNECTION_SECRET, JSON.stringify({ token: values[4] }));
        world.vault.put(MOUNT, "alpha", { password: values[0] });
        world.vault.put(MOUNT, "nested/beta", { key: values[1] });
        world.vault.put(MOUNT, "gamma", { secret: values[2] });
        world.vault.put(MOUNT, "bad name", { secret: values[3] });
        sm().seed(`${PREFIX}/gamma`, "foreign", {});
        const token = { VAULT_AUTH_METHOD: "token", VAULT_CONNECTION_SECRET_ID: CONNECTION_SECRET };
        const runs = [await runHandler(world, token)];
        world.vault.put(MOUNT, "alpha", { password: values[0] + "-v2" });
        world.vault.faults.add({ op: "data", match: "nested", status: 500 });
        world.vault.put(MOUNT, "nested/beta", { key: values[1] + "-v2" });
        runs.push(await runHandler(world, token), await runHandler(world, { ...token, DRY_RUN: "true" }));
        // The audit-event path, with the values in the lines as if Vault's HMAC were off: a synced event, a refused
        // one, and a drifted copy found on the way.
        world.aws.secretsManager.outOfBand(`${PREFIX}/alpha`, values[2]);
        const audit = { ...token, AUDIT_LOG_GROUP, AUDIT_FORMAT: "file" };
        const line = (path: string, extra = {}) => auditLine(`${MOUNT}/data/${path}`, { data: { password: values[0], key: values[1] }, ...extra });
        for (const lines of [
            [line("alpha"), line("nested/beta")],
            [line("alpha"), line("alpha", { error: values[3] })],
        ])
            runs.push(await runHandler(world, audit, { event: subscriptionEvent(delivery(lines)), context: LAMBDA_CONTEXT }));
        const said = JSON.stringify({
            runs: runs.map((r) => ({ logs: r.logs, result: r.result, error: r.error?.message, stack: r.error?.stack })),
            sns: world.aws.published,
        });
        assert.ok(said.includes("alpha") && said.includes("vault-500"), "the scan saw the runs' output");
        assert.ok(said.includes("event-malformed") && said.includes("copy-changed-outside-vault"), "the scan saw the event path's output");
        for (const v of values) assert.ok(!said.includes(v), `leaked ${v}`);
    });
});
