// The rehearsal as a test: a real Vault (HashiCorp's, built from its Go module) on the config the stack renders,
// against the moto AWS emulator, driven by the operator scripts and the shipped replication bundle. Every assertion
// reads a real outcome: Vault's HTTP answers, the emulator's Secrets Manager state.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stopEverything } from "../../scripts/rehearse/children";
import { failover, kmsOutage } from "../../scripts/rehearse/drills";
import { Ec2Rehearsal, rehearseEc2 } from "../../scripts/rehearse/ec2-dynamodb";
import { Emulator, startEmulator } from "../../scripts/rehearse/emulator";
import { writeNodeTls } from "../../scripts/rehearse/tls";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { vaultRequest } from "../../scripts/rehearse/vault-http";
import { requireRehearsal } from "../support/rehearsal";

describe("rehearsal: ec2-dynamodb with a real Vault and the AWS emulator", function () {
    this.timeout(300_000);
    let workDir: string;
    let emulator: Emulator;
    let r: Ec2Rehearsal;

    before(async function () {
        requireRehearsal(this);
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-test-"));
        emulator = await startEmulator(workDir);
        r = await rehearseEc2({ emulator, vaultBin: vaultBinary(), workDir, tls: writeNodeTls(workDir), log: () => undefined });
    });
    after(async () => {
        await r?.kmsRelay.cut();
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("three nodes on the rendered vault.hcl form one cluster: one active, two standbys, unsealed through KMS", async () => {
        // A standby answers 429 once it has seen the active node take the lock.
        let health = await Promise.all(r.nodes.map((n) => vaultRequest(n.address, r.ca, "GET", "sys/health")));
        for (
            let i = 0;
            i < 50 &&
            health
                .map((h) => h.status)
                .sort()
                .join() !== "200,429,429";
            i++
        ) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            health = await Promise.all(r.nodes.map((n) => vaultRequest(n.address, r.ca, "GET", "sys/health")));
        }
        assert.deepStrictEqual(health.map((h) => h.status).sort(), [200, 429, 429], JSON.stringify(health.map((h) => [h.status, h.body])));
        for (const h of health) assert.deepStrictEqual([h.body.initialized, h.body.sealed], [true, false]);
        const seal = await vaultRequest(r.nodes[0].address, r.ca, "GET", "sys/seal-status");
        assert.strictEqual(seal.body.type, "awskms");
        assert.strictEqual(seal.body.recovery_seal, true, "a KMS seal gives recovery keys, not unseal keys");
    });

    it("vault:configure configures it, and a second run changes nothing", () => {
        assert.match(r.configureRuns[0], /^changed +KV v2 secrets engine at hybrid-aws-secrets\/$/m);
        assert.match(r.configureRuns[0], /^changed +audit device file$/m);
        assert.match(r.configureRuns[1], /^0 change\(s\)/m);
    });

    it("the shipped function, logged in with AWS IAM auth, copies, updates and (recover mode) deletes in Secrets Manager", async () => {
        assert.strictEqual(await r.kv("POST", "team/db", { password: "first" }), 200);
        assert.strictEqual((await r.replicate()).created, 1);
        let copy = (await r.copies()).find((c) => c.name === "hybrid-aws-secrets/team/db")!;
        assert.deepStrictEqual([copy.tags["managed-by"], copy.tags["vault-version"]], ["strongroom", "1"]);
        assert.match(copy.tags["vault-version-created"], /^\d{4}-\d\d-\d\dT/);
        await r.kv("POST", "team/db", { password: "second" });
        assert.strictEqual((await r.replicate()).updated, 1);
        assert.strictEqual((await r.replicate()).unchanged, 1, "steady state rewrites nothing");
        // Real KV v2: a path destroyed and written again starts at version 1; the copy must still move.
        await r.kv("DELETE", "team/db");
        await r.kv("POST", "team/db", { password: "third" });
        assert.strictEqual((await r.replicate()).updated, 1, "a re-created path is copied again");
        await r.kv("DELETE", "team/db");
        assert.strictEqual((await r.replicate({ DELETE_MODE: "recover" })).deleted, 1);
        copy = (await r.copies()).find((c) => c.name === "hybrid-aws-secrets/team/db")!;
        assert.strictEqual(copy.deleted, true);
    });

    it("the replication identity cannot read outside its mount: Vault answers 403", async () => {
        await vaultRequest(r.nodes[0].address, r.ca, "POST", "sys/mounts/super-secret-engine", r.rootToken, { type: "kv", options: { version: "2" } });
        await vaultRequest(r.nodes[0].address, r.ca, "POST", "super-secret-engine/data/root", r.rootToken, { data: { password: "never" } });
        await assert.rejects(r.replicate({ VAULT_KV_MOUNT: "super-secret-engine", SECRETS_PREFIX: "other" }), /vault-403/);
    });

    it("failover: a standby serves writes within the DynamoDB lock's TTL after the active node dies", async () => {
        const seconds = await failover(r, 1);
        assert.ok(seconds < 30, `failover took ${seconds} s`);
    });

    it("KMS outage: a restarted node stays sealed while the others serve, and unseals by itself when KMS returns", async () => {
        const outage = await kmsOutage(r, 3000);
        assert.ok(outage.writesDuringOutage > 0);
        assert.ok(outage.secondsToUnseal < 30, `unsealed ${outage.secondsToUnseal} s after KMS returned`);
    });
});

describe("rehearsal: a broken config fails clearly", function () {
    this.timeout(120_000);

    it("a wrong unseal key id: the nodes do not start, and the error says why", async function () {
        requireRehearsal(this);
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-broken-"));
        try {
            const emulator = await startEmulator(workDir);
            await assert.rejects(
                rehearseEc2({
                    emulator,
                    vaultBin: vaultBinary(),
                    workDir,
                    tls: writeNodeTls(workDir),
                    log: () => undefined,
                    unsealKeyOverride: "00000000-0000-0000-0000-000000000000",
                }),
                /Vault node 0 to listen.*Vault says: .*(KMS|kms|key)/s,
            );
        } finally {
            stopEverything();
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });
});
