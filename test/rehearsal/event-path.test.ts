// The audit-event path against the real Vault and moto: Vault's own audit lines (file device and stdout device) are
// what the shipped filter pattern and the function's parser are checked on, a write travels from Vault's audit log
// through the delivery step, the FIFO queue and the shipped bundle to its copy, and a copy edited in Secrets Manager
// is found and made Vault's again. Correctness only: the timings are `npm run rehearse`'s.
import * as assert from "assert";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { DescribeSecretCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { decodeAuditEvent } from "../../functions/replication/audit-event";
import { ownVersionIds } from "../../functions/replication/version-token";
import { auditFilterPattern } from "../../infra/replication/audit-subscription";
import { AuditShipper } from "../../scripts/rehearse/audit-shipper";
import { stopEverything, waitUntil } from "../../scripts/rehearse/children";
import { Ec2Rehearsal, rehearseEc2 } from "../../scripts/rehearse/ec2-dynamodb";
import { Emulator, EMULATOR_REGION, startEmulator } from "../../scripts/rehearse/emulator";
import { compileFilterPattern } from "../../scripts/rehearse/filter-pattern";
import { LambdaEnvironments } from "../../scripts/rehearse/lambda-environments";
import { createEventQueue, QueueConsumer } from "../../scripts/rehearse/queue-consumer";
import { writeNodeTls } from "../../scripts/rehearse/tls";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { vaultRequest } from "../../scripts/rehearse/vault-http";
import { containerRecord, delivery, subscriptionEvent } from "../support/audit-events";
import { requireRehearsal } from "../support/rehearsal";

const MOUNT = "hybrid-aws-secrets";
const GROUP = "strongroom-rehearsal-vault-audit";

describe("rehearsal: the audit-event path with the real Vault", function () {
    this.timeout(300_000);
    let workDir: string;
    let emulator: Emulator;
    let r: Ec2Rehearsal;
    let auditFile: string;
    const root = async (method: string, p: string, body?: unknown, token?: string) =>
        (await vaultRequest(((await r.active()) ?? r.nodes[0]).address, r.ca, method, p, token ?? r.rootToken, body)).status;
    /** `vault kv patch`: the PATCH endpoint takes JSON merge patches only. */
    const patch = async (p: string, body: unknown) => {
        const node = (await r.active()) ?? r.nodes[0];
        return new Promise<number>((resolve, reject) => {
            const req = https.request(
                `${node.address}/v1/${p}`,
                { method: "PATCH", ca: r.ca, headers: { "X-Vault-Token": r.rootToken, "content-type": "application/merge-patch+json" } },
                (res) => {
                    res.resume();
                    res.on("end", () => resolve(res.statusCode ?? 0));
                },
            );
            req.on("error", reject);
            req.end(JSON.stringify(body));
        });
    };
    const linesSince = (from: number) => fs.readFileSync(auditFile, "utf8").split("\n").slice(from).filter(Boolean);
    const lineCount = () => fs.readFileSync(auditFile, "utf8").split("\n").length - 1;
    let sm: SecretsManagerClient;

    before(async function () {
        requireRehearsal(this);
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-events-"));
        emulator = await startEmulator(workDir);
        r = await rehearseEc2({ emulator, vaultBin: vaultBinary(), workDir, tls: writeNodeTls(workDir), log: () => undefined });
        auditFile = path.join(workDir, "audit-events.log");
        assert.strictEqual(await root("POST", "sys/audit/rehearsal-file", { type: "file", options: { file_path: auditFile } }), 204);
        assert.strictEqual(await root("POST", "sys/audit/rehearsal-stdout", { type: "file", options: { file_path: "stdout" } }), 204);
        sm = new SecretsManagerClient({
            region: EMULATOR_REGION,
            endpoint: emulator.endpoint,
            credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" },
        });
    });
    after(() => {
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("the shipped pattern and the function pass exactly Vault's records of successful KV changes under the mount (both formats)", async () => {
        const from = lineCount();
        const kv = (method: string, p: string, body?: unknown, token?: string) => root(method, `${MOUNT}/${p}`, body, token);
        assert.strictEqual(await kv("POST", "data/ev/a", { data: { v: 1 } }), 200);
        assert.strictEqual(await kv("POST", "data/ev/a", { data: { v: 2 } }), 200);
        assert.strictEqual(await patch(`${MOUNT}/data/ev/a`, { data: { w: 3 } }), 200, "kv patch (the KV v2 PATCH endpoint)");
        assert.strictEqual(await kv("DELETE", "data/ev/a"), 204);
        assert.strictEqual(await kv("POST", "undelete/ev/a", { versions: [3] }), 204);
        assert.strictEqual(await kv("POST", "destroy/ev/a", { versions: [1] }), 204);
        assert.strictEqual(await kv("POST", "metadata/ev/b", { max_versions: 5 }), 204);
        assert.strictEqual(await kv("DELETE", "metadata/ev/b"), 204);
        assert.strictEqual(await kv("GET", "data/ev/a"), 200, "a read");
        assert.strictEqual(await kv("GET", "metadata/ev/?list=true"), 200, "a list");
        assert.strictEqual(await kv("POST", "data/ev/a", { options: { cas: 1 }, data: { v: 9 } }), 400, "a failed check-and-set");
        const reader = (await vaultRequest(r.nodes[0].address, r.ca, "POST", "auth/token/create", r.rootToken, { policies: ["replication"] })).body.auth
            .client_token;
        assert.strictEqual(await kv("POST", "data/ev/denied", { data: { v: 1 } }, reader), 403, "the replication policy cannot write");
        await root("POST", "sys/mounts/other-kv", { type: "kv", options: { version: "2" } });
        assert.strictEqual(await root("POST", "other-kv/data/ev/x", { data: { v: 1 } }), 200, "another mount");

        const lines = linesSince(from);
        const file = compileFilterPattern(auditFilterPattern("file", MOUNT, ""));
        const passed = lines.filter(file).map((l) => JSON.parse(l));
        assert.deepStrictEqual(
            passed.map((e) => `${e.request.operation} ${e.request.path}`),
            [
                "create hybrid-aws-secrets/data/ev/a",
                "update hybrid-aws-secrets/data/ev/a",
                "patch hybrid-aws-secrets/data/ev/a",
                "delete hybrid-aws-secrets/data/ev/a",
                "update hybrid-aws-secrets/undelete/ev/a",
                "update hybrid-aws-secrets/destroy/ev/a",
                "create hybrid-aws-secrets/metadata/ev/b",
                "delete hybrid-aws-secrets/metadata/ev/b",
            ],
            "Vault's own response records, one per change",
        );
        assert.ok(
            passed.every(
                (e) =>
                    e.type === "response" &&
                    !("error" in e) &&
                    JSON.stringify(e.request.data ?? {}).includes("hmac-sha256:") === (e.request.data !== undefined),
            ),
        );
        const source = { logGroup: GROUP, format: "file" as const };
        const batch = decodeAuditEvent(subscriptionEvent(delivery(lines.filter(file), { logGroup: GROUP })), source, {
            mount: MOUNT,
            path: "",
        });
        assert.deepStrictEqual(!batch.control && batch.paths, ["ev/a", "ev/b"]);

        // The same records as Vault's stdout device wrote them, as Fluent Bit wraps them on EKS.
        const stdout = fs
            .readFileSync((await r.active())!.logFile, "utf8")
            .split("\n")
            .filter((l) => l.startsWith("{") && l.includes(`"${MOUNT}/`) && l.includes('"type":"response"'));
        const container = compileFilterPattern(auditFilterPattern("container", MOUNT, "", "vault"));
        const wrapped = stdout.map((l) => containerRecord(l));
        assert.ok(wrapped.filter(container).length >= passed.length, "the stdout device wrote the same records");
        assert.ok(!wrapped.filter(container).some((w) => /"operation\\":\\"(read|list)\\"/.test(w)));
    });

    it("a write travels from Vault's audit log through the queue and the shipped bundle to its copy", async () => {
        assert.strictEqual(await root("POST", `${MOUNT}/data/ev/travel`, { data: { v: "first" } }), 200);
        await r.replicate({ VAULT_KV_PATH: "ev" });
        const queueUrl = await createEventQueue(emulator.endpoint, "rehearsal-test-events");
        const env = await r.functionEnv({ AUDIT_LOG_GROUP: GROUP, AUDIT_FORMAT: "file", EVENT_QUEUE_URL: queueUrl });
        const lambda = new LambdaEnvironments(r.bundle, env);
        const worker = new LambdaEnvironments(r.bundle, env);
        const consumer = new QueueConsumer(emulator.endpoint, queueUrl, worker).start();
        const shipper = new AuditShipper({
            file: auditFile,
            format: "file",
            flushSeconds: 1,
            pattern: auditFilterPattern("file", MOUNT, ""),
            logGroup: GROUP,
            owner: "123456789012",
            deliver: (e) => void lambda.invoke(e),
        }).start();
        try {
            assert.strictEqual(await root("POST", `${MOUNT}/data/ev/travel`, { data: { v: "second" } }), 200);
            await waitUntil(
                "the copy of ev/travel at version 2",
                async () => {
                    const s = await sm.send(new DescribeSecretCommand({ SecretId: `${MOUNT}/ev/travel` }));
                    return s.Tags?.some((t) => t.Key === "vault-version" && t.Value === "2") ?? false;
                },
                60_000,
            );
            assert.ok(
                lambda.results.every((x) => x.ok) && worker.results.every((x) => x.ok),
                JSON.stringify([...lambda.results, ...worker.results].filter((x) => !x.ok)),
            );
            assert.ok(consumer.stats.batches >= 1);
        } finally {
            shipper.stop();
            await consumer.stop();
            lambda.stop();
            worker.stop();
        }
    });

    it("a copy edited in Secrets Manager is found from ListSecrets' stages and made Vault's again", async () => {
        assert.strictEqual(await root("POST", `${MOUNT}/data/ev/drift`, { data: { v: "vault" } }), 200);
        await r.replicate({ VAULT_KV_PATH: "ev" });
        const name = `${MOUNT}/ev/drift`;
        await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ v: "edited" }) }));
        const run = await r.replicate({ VAULT_KV_PATH: "ev" });
        assert.strictEqual(run.drifted, 1);
        const after = await sm.send(new DescribeSecretCommand({ SecretId: name }));
        const current = Object.entries(after.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
        const tags = Object.fromEntries((after.Tags ?? []).map((t) => [t.Key!, t.Value!]));
        assert.strictEqual(current, ownVersionIds("ev/drift", tags)[0], "the function's own version is AWSCURRENT again");
        assert.strictEqual((await r.replicate({ VAULT_KV_PATH: "ev" })).drifted, 0);
        assert.strictEqual((await r.replicate({ VAULT_KV_PATH: "ev", DRIFT_MODE: "report" })).drifted, 0);
    });

    it("a forged event (another mount's path) is refused, and nothing is queued or written", async () => {
        const queueUrl = await createEventQueue(emulator.endpoint, "rehearsal-test-forged");
        const env = await r.functionEnv({ AUDIT_LOG_GROUP: GROUP, AUDIT_FORMAT: "file", EVENT_QUEUE_URL: queueUrl });
        const lambda = new LambdaEnvironments(r.bundle, env);
        try {
            await root("POST", "sys/mounts/other-kv", { type: "kv", options: { version: "2" } });
            const from = lineCount();
            assert.strictEqual(await root("POST", "other-kv/data/ev/forged", { data: { v: 1 } }), 200);
            const line = linesSince(from).find((l) => l.includes('"type":"response"'))!;
            const reply = await lambda.invoke(subscriptionEvent(delivery([line], { logGroup: GROUP })));
            assert.deepStrictEqual([reply.ok, reply.kind], [false, "event-foreign-path"]);
            await assert.rejects(sm.send(new DescribeSecretCommand({ SecretId: `${MOUNT}/ev/forged` })), /ResourceNotFound/);
        } finally {
            lambda.stop();
        }
    });
});
