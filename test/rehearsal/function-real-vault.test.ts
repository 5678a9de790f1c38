// The replication function's corner cases decided by Vault's real KV v2 behaviour, not by our fake: the shipped
// bundle against a real Vault and the moto emulator's Secrets Manager, SNS and STS.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stopEverything } from "../../scripts/rehearse/children";
import { Ec2Rehearsal, rehearseEc2 } from "../../scripts/rehearse/ec2-dynamodb";
import { startEmulator } from "../../scripts/rehearse/emulator";
import { writeNodeTls } from "../../scripts/rehearse/tls";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { vaultRequest } from "../../scripts/rehearse/vault-http";
import { requireRehearsal } from "../support/rehearsal";

const MOUNT = "hybrid-aws-secrets";

describe("rehearsal: the replication function against Vault's real KV v2", function () {
    this.timeout(300_000);
    let workDir: string;
    let r: Ec2Rehearsal;
    /** A root call to Vault (standbys forward to the active node). */
    const vault = async (method: string, p: string, body?: unknown) => (await vaultRequest(r.nodes[0].address, r.ca, method, p, r.rootToken, body)).status;
    const copy = async (p: string) => (await r.copies()).find((c) => c.name === `${MOUNT}/${p}`);

    before(async function () {
        requireRehearsal(this);
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-fn-"));
        r = await rehearseEc2({ emulator: await startEmulator(workDir), vaultBin: vaultBinary(), workDir, tls: writeNodeTls(workDir), log: () => undefined });
    });
    after(async () => {
        await r?.kmsRelay.cut();
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("copies nested paths, and leaves alone a soft-deleted path and a key with metadata but no version", async () => {
        assert.strictEqual(await r.kv("POST", "teams/a/b/c/deep", { token: "t1" }), 200);
        assert.strictEqual(await r.kv("POST", "teams/gone", { v: 1 }), 200);
        assert.strictEqual(await vault("DELETE", `${MOUNT}/data/teams/gone`), 204, "vault kv delete: the current version is soft-deleted");
        assert.strictEqual(await vault("POST", `${MOUNT}/metadata/teams/empty`, { max_versions: 5 }), 204, "vault kv metadata put on a new path");
        const run = await r.replicate();
        assert.deepStrictEqual([run.created, run.failed], [1, 0]);
        assert.ok(await copy("teams/a/b/c/deep"));
        assert.strictEqual(await copy("teams/gone"), undefined);
        assert.strictEqual(await copy("teams/empty"), undefined);
        const again = await r.replicate();
        assert.deepStrictEqual([again.created, again.updated, again.failed], [0, 0, 0], "steady state");
    });

    it("in recover mode deletes the copy of a soft-deleted, a destroyed and a version-less path; keeps live ones", async () => {
        for (const p of ["live", "soft", "destroyed", "emptied"]) await r.kv("POST", `recover/${p}`, { p });
        assert.strictEqual((await r.replicate()).created, 4);
        await vault("DELETE", `${MOUNT}/data/recover/soft`);
        await vault("POST", `${MOUNT}/destroy/recover/destroyed`, { versions: [1] });
        await vault("DELETE", `${MOUNT}/metadata/recover/emptied`);
        await vault("POST", `${MOUNT}/metadata/recover/emptied`, { max_versions: 5 });
        const run = await r.replicate({ DELETE_MODE: "recover", VAULT_KV_PATH: "recover" });
        assert.deepStrictEqual([run.deleted, run.failed], [3, 0]);
        assert.strictEqual((await copy("recover/live"))!.deleted, false);
        for (const p of ["soft", "destroyed", "emptied"]) assert.strictEqual((await copy(`recover/${p}`))!.deleted, true, p);
        assert.strictEqual((await copy("teams/a/b/c/deep"))!.deleted, false, "a copy outside VAULT_KV_PATH is never judged");
    });

    it("a path destroyed and written again (its versions restart at 1) is copied again, and restored if it was deleted", async () => {
        await r.kv("POST", "reborn", { v: "old" });
        await r.replicate();
        await vault("DELETE", `${MOUNT}/metadata/reborn`);
        await r.replicate({ DELETE_MODE: "recover" });
        assert.strictEqual((await copy("reborn"))!.deleted, true);
        await r.kv("POST", "reborn", { v: "new" });
        const run = await r.replicate({ DELETE_MODE: "recover" });
        assert.strictEqual(run.updated, 1);
        const c = (await copy("reborn"))!;
        assert.deepStrictEqual([c.deleted, c.tags["vault-version"]], [false, "1"]);
    });
});
