// The lifecycle drills as tests, on real Vault and the AWS emulator: break-glass, Raft membership, the probe (every
// alarm's metric published by the shipped bundle, and breached by the faults it exists for), and the rolling
// upgrade from an older release on both layouts (when that release is built: .ci/run builds it).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { longestIntervalSeconds } from "../../infra/schedule-interval";
import { POD_ABSENCE_BUDGET } from "../../scripts/ops/autopilot";
import { readStackConfig } from "../../scripts/offline/stacks";
import { breakGlassDrill } from "../../scripts/rehearse/break-glass";
import { stopEverything } from "../../scripts/rehearse/children";
import { rehearseEc2 } from "../../scripts/rehearse/ec2-dynamodb";
import { rehearseRaft } from "../../scripts/rehearse/eks-raft";
import { startEmulator } from "../../scripts/rehearse/emulator";
import { MEASURED_REJOIN_BUDGET_SECONDS, rejoinTime, replaceWithNewId } from "../../scripts/rehearse/membership";
import { olderVaultBinary } from "../../scripts/rehearse/older-vault";
import { breached, METRICS, prepareProbe, probeScenarios, value } from "../../scripts/rehearse/probe";
import { writeNodeTls } from "../../scripts/rehearse/tls";
import { runScript } from "../../scripts/rehearse/operator";
import { rehearseUpgrade } from "../../scripts/rehearse/upgrade";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { vaultRequest } from "../../scripts/rehearse/vault-http";
import { requireRehearsal } from "../support/rehearsal";

function workspace(name: string) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `strongroom-${name}-`));
    return { workDir, tls: writeNodeTls(workDir), done: () => (stopEverything(), fs.rmSync(workDir, { recursive: true, force: true })) };
}

describe("rehearsal: lifecycle drills with a real Vault", function () {
    this.timeout(900_000);
    afterEach(() => stopEverything());

    it("break-glass: a new root token from the recovery keys after the original was revoked, and revoked in turn", async function () {
        requireRehearsal(this);
        const w = workspace("break-glass");
        try {
            const r = await rehearseEc2({
                emulator: await startEmulator(w.workDir),
                vaultBin: vaultBinary(),
                workDir: w.workDir,
                tls: w.tls,
                log: () => undefined,
            });
            assert.strictEqual(r.recoveryKeys.length, 5);
            // vault:upgrade's gate against the real cluster: a downgrade is refused, and a dry run prints the order.
            const outputs = JSON.parse(fs.readFileSync(path.join(w.workDir, "outputs.json"), "utf8"));
            const upgradeOutputs = path.join(w.workDir, "outputs-upgrade.json");
            fs.writeFileSync(upgradeOutputs, JSON.stringify({ ...outputs, vaultVersion: "1.21.1", vaultNodes: 3 }));
            const upgrade = (to: string, ...more: string[]) =>
                runScript("vault-upgrade.ts", ["--stack", "rehearsal", "--outputs", upgradeOutputs, "--to", to, ...more], { VAULT_TOKEN: r.rootToken }).then(
                    (stdout) => ({ ok: true, text: stdout }),
                    (err: Error) => ({ ok: false, text: err.message }),
                );
            const down = await upgrade("1.20.0");
            assert.ok(!down.ok && /downgrade is refused/.test(down.text), down.text);
            const dry = await upgrade("1.21.1", "--dry-run");
            assert.ok(dry.ok, dry.text);
            assert.match(dry.text, /^order: .*\(standby, 1\.21\.1\), .*\(standby, 1\.21\.1\), .*\(active, last, 1\.21\.1\)$/m);
            const result = await breakGlassDrill({
                address: r.nodes[1].address,
                ca: r.ca,
                rootToken: r.rootToken,
                recoveryKeys: r.recoveryKeys,
                outputsFile: path.join(w.workDir, "outputs.json"),
                threshold: 3,
            });
            assert.deepStrictEqual([result.originalRefused, result.newTokenPolicies, result.revokedRefused], [true, ["root"], true]);
            // The listeners carry HSTS (Vault's custom_response_headers, as rendered).
            const reply = await fetchHeaders(r.nodes[0].address, r.ca);
            assert.strictEqual(reply["strict-transport-security"], "max-age=31536000; includeSubDomains");
        } finally {
            w.done();
        }
    });

    it("raft membership: a restart rejoins within the measured budget; a server with a new id replaces a dead voter, which autopilot removes", async function () {
        requireRehearsal(this);
        const w = workspace("membership");
        try {
            const r = await rehearseRaft({
                emulator: await startEmulator(w.workDir),
                vaultBin: vaultBinary(),
                workDir: w.workDir,
                tls: w.tls,
                log: () => undefined,
            });
            // vault:configure wrote autopilot as shipped: cleanup on, min_quorum = replicas, the budget's threshold.
            const config = await vaultRequest(r.nodes[0].address, r.ca, "GET", "sys/storage/raft/autopilot/configuration", r.rootToken);
            assert.deepStrictEqual(
                [config.body.data.cleanup_dead_servers, config.body.data.min_quorum, config.body.data.dead_server_last_contact_threshold],
                [true, 3, "25m0s"],
            );
            const cluster = { nodes: r.nodes, ca: r.ca, rootToken: r.rootToken, workDir: w.workDir };
            const rejoin = await rejoinTime(cluster);
            assert.ok(
                rejoin <= MEASURED_REJOIN_BUDGET_SECONDS,
                `a restart took ${rejoin} s, over the ${MEASURED_REJOIN_BUDGET_SECONDS} s the budget (${POD_ABSENCE_BUDGET.length} entries) assumes`,
            );
            const result = await replaceWithNewId(cluster, () => undefined);
            assert.ok(result.deadVoterRemovedSeconds >= result.thresholdSeconds, "not before the threshold");
            assert.ok(result.deadVoterRemovedSeconds < result.thresholdSeconds + 60, `removed ${result.deadVoterRemovedSeconds} s after the loss`);
            assert.strictEqual(result.servers.length, 3);
            assert.ok(result.servers.includes("vault-3"));
        } finally {
            w.done();
        }
    });

    it("the probe: every alarm's metric is published by the shipped bundle, and a sealed node, a lost leader and a stale snapshot each breach theirs in the next run", async function () {
        requireRehearsal(this);
        const w = workspace("probe");
        try {
            const emulator = await startEmulator(w.workDir);
            const r = await rehearseRaft({ emulator, vaultBin: vaultBinary(), workDir: w.workDir, tls: w.tls, log: () => undefined });
            const cluster = { nodes: r.nodes, ca: r.ca, rootToken: r.rootToken, workDir: w.workDir };
            const drill = await prepareProbe(cluster, emulator, path.join(w.workDir, "outputs-eks.json"));
            assert.strictEqual(drill.alarms.length, 5);
            const s = await probeScenarios(cluster, drill, longestIntervalSeconds(readStackConfig("prod")["strongroom:snapshotSchedule"] ?? "0 */6 * * *"));
            assert.deepStrictEqual(s.baseline.errors, []);
            for (const alarm of drill.alarms) {
                const published = s.baseline.metrics.find((m) => m.namespace === alarm.namespace && m.name === alarm.metricName);
                assert.ok(published, `${alarm.name}: the probe publishes no ${alarm.namespace}/${alarm.metricName}`);
                assert.deepStrictEqual(published.dimensions, alarm.dimensions, `${alarm.name}: dimensions`);
            }
            assert.deepStrictEqual(
                [value(s.baseline, METRICS.sealedNodes), value(s.baseline, METRICS.activeNodes), value(s.baseline, METRICS.failureTolerance)],
                [0, 1, 1],
            );
            for (const m of [METRICS.sealedNodes, METRICS.activeNodes, METRICS.failureTolerance, METRICS.backupAgeSeconds])
                assert.ok(!breached(drill, s.baseline, m), `${m} breaches on a healthy cluster`);
            assert.ok(breached(drill, s.sealed, METRICS.sealedNodes), "a sealed node");
            assert.ok(breached(drill, s.leaderLost, METRICS.activeNodes), "a lost leader");
            assert.ok(breached(drill, s.staleSnapshot, METRICS.backupAgeSeconds), "a stale snapshot");
            // The rehearsal's certificates live two days: the certificate alarm would fire, as it should.
            assert.ok(breached(drill, s.baseline, METRICS.certificateDaysLeft));
        } finally {
            w.done();
        }
    });

    for (const layout of ["ec2-dynamodb", "eks-raft"] as const) {
        it(`upgrade (${layout}): from an older release, standbys first, the active node last; no acknowledged write lost`, async function () {
            requireRehearsal(this);
            let oldBin: string;
            try {
                oldBin = olderVaultBinary(false);
            } catch (err) {
                if (process.env.CI) throw err;
                console.warn(`\n  !!! SKIPPED: the older Vault is not built (${(err as Error).message.split("\n")[0]}); .ci/run builds it.\n`);
                return this.skip();
            }
            const w = workspace(`upgrade-${layout}`);
            try {
                const result = await rehearseUpgrade(layout, {
                    emulator: await startEmulator(w.workDir),
                    oldBin,
                    newBin: vaultBinary(),
                    workDir: w.workDir,
                    tls: w.tls,
                    log: () => undefined,
                });
                assert.notStrictEqual(result.from, result.to);
                assert.deepStrictEqual(result.lost, []);
                assert.ok(result.acknowledged > 50, `${result.acknowledged} writes`);
                assert.deepStrictEqual(result.versions, [result.to, result.to, result.to]);
                assert.deepStrictEqual(
                    result.rolling.steps.map((s) => s.role),
                    ["standby", "standby", "active"],
                );
            } finally {
                w.done();
            }
        });
    }
});

function fetchHeaders(address: string, ca: string): Promise<Record<string, string | string[] | undefined>> {
    return new Promise((resolve, reject) => {
        const https = require("https") as typeof import("https");
        https.get(`${address}/v1/sys/health`, { ca }, (res) => (res.resume(), resolve(res.headers))).on("error", reject);
    });
}
