// `npm run rehearse -- --layout eks-raft`: the eks rehearsal end to end, each step printed with what it measured.
import { waitUntil } from "./children";
import { raftLeaderLoss } from "./drills";
import { activeLabelSettles, rehearseRaft } from "./eks-raft";
import { Emulator } from "./emulator";
import { LOCAL_SUBSTITUTIONS } from "./raft-nodes";
import { awsCliPath, createSnapshotBucket, judgeUpload, restoreFromBucket, runSnapshotJob } from "./snapshot-job";
import { writeNodeTls } from "./tls";

export async function runEksRehearsal(emulator: Emulator, vaultBin: string, workDir: string, say: (line: string) => void, losses: number): Promise<number> {
    const r = await rehearseRaft({ emulator, vaultBin, workDir, tls: writeNodeTls(workDir), log: say });
    say(`substituted between the rendered pods and the processes:\n${LOCAL_SUBSTITUTIONS.map((s) => `  - ${s}`).join("\n")}`);
    const changes = r.configureRuns.map((out) => /(\d+) change\(s\)/.exec(out)?.[1]);
    say(`vault:configure (eks-raft, Kubernetes auth against the API server): ${changes[0]} change(s), then ${changes[1]}`);
    const first = await activeLabelSettles(r);
    say(
        `service registration: ${first.active} (the Raft leader) is the one pod labelled vault-active=true in the API server, ${first.seconds.toFixed(1)} s after configure; ` +
            `vault-active selects [${(await r.selectedBy("vault-active")).join(", ")}], vault-internal-nlb selects [${(await r.selectedBy("vault-internal-nlb")).join(", ")}]`,
    );
    const times: number[] = [];
    for (let i = 1; i <= losses; i++) {
        const seconds = await raftLeaderLoss(r);
        times.push(seconds);
        const moved = await activeLabelSettles(r);
        say(
            `leader loss ${i}: a new leader served a write ${seconds.toFixed(1)} s after the leader was killed; the label is on ${moved.active}, the load balancer follows it`,
        );
    }
    if (times.length > 0) say(`leader losses: p50 ${percentile(times, 0.5).toFixed(1)} s, p95 ${percentile(times, 0.95).toFixed(1)} s over ${times.length}`);
    const awsBin = awsCliPath();
    const { bucket } = await createSnapshotBucket(r, emulator, awsBin);
    await r.write("snapshot/before", { v: 1 });
    const upload = await runSnapshotJob(r, { emulator, vaultBin, awsBin, workDir });
    say(
        `snapshot job (its own scripts, Kubernetes auth with the job pod's token): ${upload.bytes} bytes to s3://${bucket}/${upload.key} in ${upload.seconds.toFixed(1)} s, ` +
            `version ${upload.versionId}, ${upload.encryption} with the bucket's key`,
    );
    const judged = await judgeUpload(r, upload);
    say(`that upload, judged by the IAM engine over the role's and the bucket's policies: ${judged.overTls} over TLS, ${judged.withoutTls} without`);
    await r.write("snapshot/after", { v: 2 });
    await restoreFromBucket(r, upload, { emulator, vaultBin, awsBin, workDir });
    const gone = await waitUntil("the restored snapshot to be served", async () => (await r.read("snapshot/after")) === 404, 15_000).then(
        () => true,
        () => false,
    );
    say(
        `restore from that object (the runbook's commands): data written after the snapshot is ${gone ? "gone" : "still there"}, data before it is ${(await r.read("snapshot/before")) === 200 ? "there" : "missing"}`,
    );
    return gone ? 0 : 1;
}

/** The nearest-rank percentile: the smallest value at or above that share of the samples. */
function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
