// The eks-raft layout's Vault rehearsed: the Raft config the stack passes to the chart, run by three real Vault
// servers that form a cluster through retry_join and auto-unseal through the emulator's KMS.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stopEverything, waitUntil } from "../../scripts/rehearse/children";
import { raftLeaderLoss } from "../../scripts/rehearse/drills";
import { RaftRehearsal, rehearseRaft } from "../../scripts/rehearse/eks-raft";
import { startEmulator } from "../../scripts/rehearse/emulator";
import { writeNodeTls } from "../../scripts/rehearse/tls";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { vaultRequest } from "../../scripts/rehearse/vault-http";
import { requireRehearsal } from "../support/rehearsal";

describe("rehearsal: eks-raft's Raft config with a real Vault and the AWS emulator", function () {
    this.timeout(300_000);
    let workDir: string;
    let r: RaftRehearsal;

    before(async function () {
        requireRehearsal(this);
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-raft-"));
        r = await rehearseRaft({ emulator: await startEmulator(workDir), vaultBin: vaultBinary(), workDir, tls: writeNodeTls(workDir), log: () => undefined });
    });
    after(() => {
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("three servers form one Raft cluster of voters through retry_join, all unsealed through KMS", async () => {
        const servers = await r.servers();
        assert.deepStrictEqual(servers.map((s) => s.node_id).sort(), ["vault-0", "vault-1", "vault-2"]);
        assert.ok(servers.every((s) => s.voter));
        assert.strictEqual(servers.filter((s) => s.leader).length, 1);
        for (const node of r.nodes) assert.strictEqual((await vaultRequest(node.address, r.ca, "GET", "sys/seal-status")).body.sealed, false);
    });

    it("vault:configure in eks-raft mode sets up Kubernetes auth for the snapshot job, and a second run changes nothing", () => {
        assert.match(r.configureRuns[0], /^changed +kubernetes auth role raft-snapshot$/m);
        assert.match(r.configureRuns[0], /^changed +audit device stdout$/m);
        assert.match(r.configureRuns[1], /^0 change\(s\)/m);
    });

    it("losing the leader: the two others elect a new one that serves writes, and the old one rejoins", async () => {
        const seconds = await raftLeaderLoss(r);
        assert.ok(seconds < 60, `a new leader took ${seconds} s`);
        assert.strictEqual((await r.servers()).length, 3);
    });

    it("a Raft snapshot taken and restored through the API brings back exactly its data", async () => {
        assert.strictEqual(await r.write("snapshot/before", { v: 1 }), 200);
        const snapshot = await r.snapshot();
        assert.ok(snapshot.length > 1000, `a snapshot of ${snapshot.length} bytes`);
        assert.strictEqual(await r.write("snapshot/after", { v: 2 }), 200);
        assert.strictEqual(await r.restore(snapshot), 204);
        await waitUntil("the restored state to be served", async () => (await r.read("snapshot/after")) === 404, 15_000);
        assert.strictEqual(await r.read("snapshot/before"), 200);
    });
});
