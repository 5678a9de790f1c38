// Seal migration awskms -> awskms, rehearsed: what turning on drRegion means for a stack whose unseal key was made
// single-Region. Three real Vault nodes (ec2-dynamodb) sealed by the old single-Region key, which lives on its own
// emulator; the seal blocks strongroom:sealMigration renders (migrating, then migrated); Vault's documented HA
// procedure (each standby restarted and `unseal -migrate`d with the recovery keys, the active stepped down, then
// restarted the same way); then the old key's emulator is stopped and every node restarts on the new
// multi-Region key alone. Proves every secret survives and measures how long writes were refused.
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createVaultTable } from "./dr-aws";
import * as fs from "fs";
import * as path from "path";
import { renderSeal } from "../../infra/seal-stanza";
import { waitUntil } from "./children";
import { activeNode, initCluster, mountKv, secrets } from "./dr-vault";
import { startEc2Nodes } from "./ec2-nodes";
import { Emulator, EMULATOR_REGION, startEmulator } from "./emulator";
import { RegionLossOptions } from "./region-loss-ec2";
import { vaultRequest } from "./vault-http";
import { VaultNode } from "./vault-node";
import { WriteLoad } from "./write-load";

const CREDENTIALS = { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" };

async function createKey(emulator: Emulator, multiRegion: boolean): Promise<string> {
    const kms = new KMSClient({ region: EMULATOR_REGION, endpoint: emulator.endpoint, credentials: CREDENTIALS });
    return (await kms.send(new CreateKeyCommand({ MultiRegion: multiRegion, Description: multiRegion ? "new multi-Region" : "old single-Region" })))
        .KeyMetadata!.Arn!;
}

/** Replaces the node config's seal block(s) with what the stack renders for this stage of the migration. */
function rewriteSeal(node: VaultNode, seal: string): void {
    const text = fs.readFileSync(node.configFile, "utf8").replace(/(seal "awskms" \{[^}]*\}\n*)+/, `${seal}\n\n`);
    fs.writeFileSync(node.configFile, text, { mode: 0o600 });
}

const health = async (node: VaultNode, ca: string) => (await vaultRequest(node.address, ca, "GET", "sys/health").catch(() => ({ status: 0 }))).status;

/** Restarts a node on its rewritten config; with `keys`, unseals it with -migrate, as `vault operator unseal -migrate` does. */
async function restart(node: VaultNode, ca: string, keys?: string[]): Promise<void> {
    await node.stop();
    node.start();
    await waitUntil(`node ${node.index} to listen again`, async () => (await health(node, ca)) !== 0, 60_000);
    for (const key of keys ?? []) {
        const reply = await vaultRequest(node.address, ca, "POST", "sys/unseal", undefined, { key, migrate: true });
        if (reply.status !== 200) throw new Error(`rehearsal: unseal -migrate on node ${node.index} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    await waitUntil(`node ${node.index} to unseal`, async () => [200, 429].includes(await health(node, ca)), 60_000);
}

export async function sealMigration(o: RegionLossOptions): Promise<{ lines: string[]; refusedSeconds: number; secrets: number }> {
    const oldKms = await startEmulator(fs.mkdtempSync(path.join(o.workDir, "old-kms-")));
    const oldKey = await createKey(oldKms, false);
    const newKey = await createKey(o.emulator, true);
    const tableName = "strongroom-migration-vault-data";
    await createVaultTable(new DynamoDBClient({ region: EMULATOR_REGION, endpoint: o.emulator.endpoint, credentials: CREDENTIALS }), tableName);
    const nodes = await startEc2Nodes({
        count: 3,
        vaultBin: o.vaultBin,
        workDir: o.workDir,
        awsEndpoint: o.emulator.endpoint,
        kmsEndpoints: [oldKms.endpoint, oldKms.endpoint, oldKms.endpoint],
        tableName,
        unsealKeyId: oldKey,
        tls: o.tls,
    });
    const ca = o.tls.caCert;
    const { rootToken, recoveryKeys } = await initCluster(nodes, ca, 3, 2);
    await mountKv(nodes, ca, rootToken);
    const lines = [`seal migration: 3 nodes sealed by the single-Region key ${oldKey} (on its own emulator)`];
    const load = new WriteLoad();
    load.start(secrets(nodes, ca, rootToken).write);
    await new Promise((resolve) => setTimeout(resolve, 2000));

    // strongroom:sealMigration migrating: the old seal disabled, the new one named; the old key on its emulator.
    const migrating = renderSeal({ region: EMULATOR_REGION, unsealKeyId: newKey, previousUnsealKeyId: oldKey, endpoint: o.emulator.endpoint }).replace(
        /(name {7}= "single-region"[\s\S]*?endpoint {3}= )"[^"]*"/,
        `$1${JSON.stringify(oldKms.endpoint)}`,
    );
    const threshold = recoveryKeys.slice(0, 2);
    const active = (await activeNode(nodes, ca))!;
    for (const standby of nodes.filter((n) => n !== active)) {
        rewriteSeal(standby, migrating);
        await restart(standby, ca, threshold);
    }
    await vaultRequest(active.address, ca, "PUT", "sys/step-down", rootToken);
    // The new active node (migrating config) performs the migration: the root key is wrapped by the new key.
    await waitUntil(
        "a migrated node to become active and finish the migration",
        async () => {
            const now = await activeNode(nodes, ca);
            if (!now || now === active) return false;
            return (await vaultRequest(now.address, ca, "GET", "sys/seal-status")).body?.migration !== true;
        },
        60_000,
    );
    // Vault logs this when the new active node has rewrapped the root key (vault/core.go, Vault 1.21.1).
    const migratedBy = nodes.find((n) => fs.readFileSync(n.logFile, "utf8").includes("seal migration complete"));
    if (!migratedBy) throw new Error("rehearsal: no node logged `seal migration complete` after the step-down");
    lines.push(
        `migrating: each standby restarted on both seals and unsealed with -migrate; the active stepped down; node ${migratedBy.index} logged "seal migration complete"`,
    );

    // strongroom:sealMigration migrated: the new key's seal alone. The old active first (Vault's docs: it comes back
    // auto-unsealed), then the standbys; then the old key is gone entirely and every node restarts once more.
    const migrated = renderSeal({ region: EMULATOR_REGION, unsealKeyId: newKey, migrated: true, endpoint: o.emulator.endpoint });
    for (const node of [active, ...nodes.filter((n) => n !== active)]) {
        rewriteSeal(node, migrated);
        await restart(node, ca);
    }
    await oldKms.stop();
    for (const node of nodes) await restart(node, ca);
    await load.stop();
    await waitUntil("an active node on the new key alone", async () => (await activeNode(nodes, ca)) !== undefined, 60_000);
    const s = secrets(nodes, ca, rootToken);
    const missing: number[] = [];
    for (const w of load.acked) if (!(await s.read(w.n))) missing.push(w.n);
    if (missing.length) throw new Error(`rehearsal: after the seal migration ${missing.length} secrets are gone: ${missing.slice(0, 10).join(", ")}`);
    const gaps = load.acked.slice(1).map((w, i) => (w.at - load.acked[i].at) / 1000);
    const refusedSeconds = Math.max(0, ...gaps);
    lines.push(
        `migrated: the old key's emulator stopped, all 3 nodes restarted and unsealed by ${newKey} alone`,
        `  ${load.acked.length} secrets written during the migration, all served; longest stretch without an acknowledged write: ${refusedSeconds.toFixed(1)} s`,
    );
    await Promise.all(nodes.map((n) => n.stop()));
    return { lines, refusedSeconds, secrets: load.acked.length };
}
