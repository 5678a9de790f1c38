// The eks-raft layout rehearsed from what the pods really get: three real Vault servers started from the rendered
// StatefulSet, their Pod objects in a real kube-apiserver, service registration, Kubernetes auth with real
// service-account tokens, and the snapshot CronJob's own scripts up to S3 and back.
import * as assert from "assert";
import { parse } from "@cdktf/hcl2json";
import { X509Certificate } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { only } from "../../scripts/k8s/chart";
import { stopEverything, waitUntil } from "../../scripts/rehearse/children";
import { raftLeaderLoss } from "../../scripts/rehearse/drills";
import { activeLabelSettles, RaftRehearsal, rehearseRaft } from "../../scripts/rehearse/eks-raft";
import { Emulator, startEmulator } from "../../scripts/rehearse/emulator";
import { awsCliPath, createSnapshotBucket, judgeUpload, restoreFromBucket, runSnapshotJob } from "../../scripts/rehearse/snapshot-job";
import { writeNodeTls } from "../../scripts/rehearse/tls";
import { vaultBinary } from "../../scripts/rehearse/vault-binary";
import { vaultRequest } from "../../scripts/rehearse/vault-http";
import { SNAPSHOT_SERVICE_ACCOUNT } from "../../infra/vault-eks/snapshot-job";
import { requireParts } from "../support/k8s";
import { requireRehearsal } from "../support/rehearsal";

describe("rehearsal: eks-raft from the rendered chart, with a real Vault, kube-apiserver and the AWS emulator", function () {
    this.timeout(300_000);
    let workDir: string;
    let emulator: Emulator;
    let r: RaftRehearsal;

    before(async function () {
        requireRehearsal(this);
        requireParts(this, "helm", "kube-apiserver", "etcd", "cert-manager");
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strongroom-rehearsal-raft-"));
        emulator = await startEmulator(workDir);
        r = await rehearseRaft({ emulator, vaultBin: vaultBinary(), workDir, tls: writeNodeTls(workDir), log: () => undefined });
    });
    after(() => {
        stopEverything();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("three servers started from the rendered StatefulSet form one Raft cluster of voters named after their pods, all unsealed through KMS", async () => {
        const servers = await r.servers();
        assert.deepStrictEqual(servers.map((s) => s.node_id).sort(), ["vault-0", "vault-1", "vault-2"]);
        assert.ok(servers.every((s) => s.voter));
        assert.strictEqual(servers.filter((s) => s.leader).length, 1);
        for (const node of r.nodes) assert.strictEqual((await vaultRequest(node.address, r.ca, "GET", "sys/seal-status")).body.sealed, false);
    });

    it("each runs the config file its pod mounts, put there by the chart's own start script: only addresses and paths differ", async () => {
        const rendered: any = await parse("rendered.hcl", only(r.rendered, "ConfigMap", "vault-config").data["extraconfig-from-values.hcl"]);
        for (const pod of r.pods) {
            const running: any = await parse("running.hcl", fs.readFileSync(path.join(pod.dir, "tmp", "storageconfig.hcl"), "utf8"));
            for (const key of ["ui", "disable_mlock", "service_registration", "telemetry"]) assert.deepStrictEqual(running[key], rendered[key], key);
            assert.strictEqual(running.storage.raft[0].retry_join.length, rendered.storage.raft[0].retry_join.length);
            assert.deepStrictEqual(Object.keys(running.listener.tcp[0]).sort(), Object.keys(rendered.listener.tcp[0]).sort());
        }
    });

    it("the pods are objects of the real API server, admitted under the namespace's Pod Security level", async () => {
        const stored = await r.cp.admin.list("v1", "Pod", "vault", { component: "server" });
        assert.deepStrictEqual(stored.map((p) => p.metadata.name).sort(), ["vault-0", "vault-1", "vault-2"]);
        assert.strictEqual((await r.cp.admin.get("v1", "Namespace", "vault")).body.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
    });

    it("each serves the certificate cert-manager's controller issued into vault-server-tls from the stack's Issuer", async () => {
        const secret = (await r.cp.admin.get("v1", "Secret", "vault-server-tls", "vault")).body;
        const issued = new X509Certificate(Buffer.from(secret.data["tls.crt"], "base64"));
        assert.ok(secret.metadata.annotations["cert-manager.io/certificate-name"], "the Secret was written by cert-manager");
        for (const node of r.nodes) {
            const { port } = new URL(node.address);
            const served = await new Promise<string>((resolve, reject) => {
                const socket = tls.connect({ host: "127.0.0.1", port: Number(port), ca: r.ca, servername: "localhost" }, () => {
                    resolve(socket.getPeerX509Certificate()!.serialNumber);
                    socket.end();
                });
                socket.on("error", reject);
            });
            assert.strictEqual(served, issued.serialNumber, node.address);
        }
    });

    it("vault:configure sets up Kubernetes auth (reviewed by the API server) for the snapshot job, and a second run changes nothing", () => {
        assert.match(r.configureRuns[0], /^changed +kubernetes auth role raft-snapshot$/m);
        assert.match(r.configureRuns[0], /^changed +kubernetes auth config$/m);
        assert.match(r.configureRuns[1], /^0 change\(s\)/m);
    });

    it("service registration labels exactly the active pod vault-active=true; the active Service and the internal load balancer select it", async () => {
        const { active } = await activeLabelSettles(r);
        assert.deepStrictEqual(await r.selectedBy("vault-active"), [active]);
        assert.deepStrictEqual(await r.selectedBy("vault-internal-nlb"), [active]);
        assert.strictEqual(r.nodeOf(active), await r.leader());
    });

    it("Kubernetes auth logs in a real token of the snapshot job's service account, and refuses Vault's own and a deleted pod's", async () => {
        const login = async (jwt: string) =>
            (await vaultRequest(r.nodes[0].address, r.ca, "POST", "auth/kubernetes/login", undefined, { role: "raft-snapshot", jwt })).status;
        assert.strictEqual(await login(await r.cp.admin.token("vault", SNAPSHOT_SERVICE_ACCOUNT)), 200);
        assert.strictEqual(await login(await r.cp.admin.token("vault", "vault")), 403, "the role is bound to the snapshot job's service account only");
        const pod = await r.cp.admin.apply({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "short-lived", namespace: "vault" },
            spec: {
                serviceAccountName: SNAPSHOT_SERVICE_ACCOUNT,
                securityContext: { runAsNonRoot: true, runAsUser: 100, seccompProfile: { type: "RuntimeDefault" } },
                containers: [{ name: "c", image: "busybox", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
            },
        });
        const bound = await r.cp.admin.token("vault", SNAPSHOT_SERVICE_ACCOUNT, { name: "short-lived", uid: pod.body.metadata.uid });
        assert.strictEqual(await login(bound), 200);
        await r.cp.admin.request("DELETE", "/api/v1/namespaces/vault/pods/short-lived?gracePeriodSeconds=0");
        await waitUntil("the deleted pod's token to be refused", async () => (await login(bound)) === 403, 30_000);
    });

    it("losing the leader: a new one serves writes and takes the vault-active label, which the load balancer follows", async () => {
        const before = (await activeLabelSettles(r)).active;
        const seconds = await raftLeaderLoss(r);
        assert.ok(seconds < 60, `a new leader took ${seconds} s`);
        const after = await activeLabelSettles(r);
        assert.deepStrictEqual(await r.selectedBy("vault-internal-nlb"), [after.active]);
        assert.strictEqual((await r.servers()).length, 3);
        assert.ok(before !== after.active || (await r.leader()) === r.nodeOf(after.active));
    });

    it("the snapshot CronJob's own scripts log in, save and upload under raft/ (versioned, KMS-encrypted); the runbook restores from that object", async () => {
        const awsBin = awsCliPath();
        const { keyArn } = await createSnapshotBucket(r, emulator, awsBin);
        assert.strictEqual(await r.write("snapshot/before", { v: 1 }), 200);
        const upload = await runSnapshotJob(r, { emulator, vaultBin: vaultBinary(), awsBin, workDir });
        assert.match(upload.key, /^raft\/\d{8}T\d{6}Z\.snap$/);
        assert.ok(upload.bytes > 1000, `a snapshot of ${upload.bytes} bytes`);
        assert.ok(upload.versionId && upload.versionId !== "null", "the bucket keeps versions");
        assert.strictEqual(upload.encryption, "aws:kms");
        assert.ok(keyArn.endsWith(upload.kmsKeyId) || upload.kmsKeyId === keyArn, `${upload.kmsKeyId} is the bucket's key`);
        assert.deepStrictEqual(await judgeUpload(r, upload), { overTls: "Allowed", withoutTls: "ExplicitlyDenied by TlsOnly" });
        assert.strictEqual(await r.write("snapshot/after", { v: 2 }), 200);
        await restoreFromBucket(r, upload, { emulator, vaultBin: vaultBinary(), awsBin, workDir });
        await waitUntil("the restored state to be served", async () => (await r.read("snapshot/after")) === 404, 15_000);
        assert.strictEqual(await r.read("snapshot/before"), 200);
    });
});
