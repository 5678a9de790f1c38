// Region loss on eks-raft, rehearsed: three real Vault servers on the chart's Raft config in the primary region,
// sealed by the stack's multi-Region unseal key; secrets written all along; a Raft snapshot uploaded to the snapshot
// bucket and copied to the DR bucket; then the primary region is lost and a recovery stack's three servers start in
// the DR region on the replica key, where the real `npm run vault:init` restores the copied snapshot (restoreFrom).
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import * as fs from "fs";
import * as path from "path";
import { clientsIn, DR_REGION, primaryRegion, putEncrypted, replicateObject, unsealKeyWithReplica, versionedBucket } from "./dr-aws";
import { activeNode, firstServedRead, initCluster, mountKv, secrets, whySealed } from "./dr-vault";
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from "./emulator";
import { runScript } from "./operator";
import { startRaftServers } from "./dr-raft-servers";
import { assertProgramDefinesDr, RegionLossOptions, RegionLossResult } from "./region-loss-ec2";
import { vaultRaw } from "./vault-http";
import { judgeRestore, WriteLoad } from "./write-load";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function regionLossEks(o: RegionLossOptions): Promise<RegionLossResult> {
    await assertProgramDefinesDr("prod");
    const primary = clientsIn(EMULATOR_REGION, o.emulator);
    const dr = clientsIn(DR_REGION, o.emulator);
    const keys = await unsealKeyWithReplica(primary, dr, !o.withoutReplica);
    const buckets = { primary: "strongroom-drill-snapshots", dr: "strongroom-drill-snapshots-dr" };
    await versionedBucket(primary, buckets.primary);
    await versionedBucket(dr, buckets.dr);
    const snapshotKey = (await primary.kms.send(new CreateKeyCommand({ Description: "rehearsal snapshot key" }))).KeyMetadata!.Arn!;
    const drKey = (await dr.kms.send(new CreateKeyCommand({ Description: "rehearsal DR data key" }))).KeyMetadata!.Arn!;

    const { relay: region, dirs } = await primaryRegion(o.emulator, o.workDir);
    const nodes = await startRaftServers({
        replicas: 3,
        vaultBin: o.vaultBin,
        workDir: dirs.primary,
        awsEndpoint: region.endpoint,
        unsealKeyId: keys.primaryArn,
        tls: o.tls,
    });
    const { rootToken } = await initCluster(nodes, o.tls.caCert);
    await mountKv(nodes, o.tls.caCert, rootToken);
    o.log(`primary (${EMULATOR_REGION}): 3 Raft servers sealed by multi-Region key ${keys.primaryArn}; replica ${keys.replicaArn}`);

    const load = new WriteLoad();
    load.start(secrets(nodes, o.tls.caCert, rootToken).write);
    await sleep((o.writeSeconds ?? 4) * 1000);
    // What the snapshot job does: `vault operator raft snapshot save`, then an upload under raft/ with the bucket's key.
    const snapshotStartedAt = Date.now();
    const leader = (await activeNode(nodes, o.tls.caCert)) ?? nodes[0];
    const snapshot = await vaultRaw(leader.address, o.tls.caCert, "GET", "sys/storage/raft/snapshot", rootToken);
    if (snapshot.status !== 200) throw new Error(`rehearsal: the snapshot answered HTTP ${snapshot.status}`);
    const key = `raft/${new Date(snapshotStartedAt).toISOString().replace(/[-:]|\.\d+/g, "")}.snap`;
    await putEncrypted(primary, buckets.primary, key, snapshot.data, snapshotKey);
    await replicateObject(primary, dr, buckets.primary, buckets.dr, key, drKey);
    o.log(
        `snapshot s3://${buckets.primary}/${key} (${snapshot.data.length} bytes) copied to s3://${buckets.dr}/${key} (the drill copies it: moto does not replicate)`,
    );
    await sleep((o.afterBackupSeconds ?? 3) * 1000);

    const lostAt = Date.now();
    await region.cut();
    await Promise.all(nodes.map((n) => n.stop()));
    await load.stop();
    o.log(`region ${EMULATOR_REGION} lost: servers stopped, its KMS endpoint cut (${load.acked.length} writes acknowledged)`);

    // The recovery stack: three new servers on the replica, and its first `vault:init`, which restores restoreFrom.
    const drNodes = await startRaftServers({
        replicas: 3,
        vaultBin: o.vaultBin,
        workDir: dirs.dr,
        awsEndpoint: o.emulator.endpoint,
        unsealKeyId: keys.replicaArn,
        tls: o.tls,
        region: DR_REGION,
    });
    const outputs = path.join(dirs.dr, "outputs.json");
    fs.writeFileSync(
        outputs,
        JSON.stringify({
            layout: "eks-raft",
            region: DR_REGION,
            vaultAddress: drNodes[0].address,
            vaultCaCertPem: o.tls.caCert,
            restoreFrom: `s3://${buckets.dr}/${key}`,
        }),
    );
    try {
        const init = await runScript("vault-init.ts", ["--stack", "dr-drill", "--outputs", outputs, "--aws-endpoint", o.emulator.endpoint], {
            ...EMULATOR_CREDENTIALS,
            NODE_NO_WARNINGS: "1",
        });
        o.log(`vault:init in ${DR_REGION}: ${init.split("\n")[0]}`);
    } catch (err) {
        throw new Error(`${(err as Error).message}${whySealed(drNodes) ? `; ${whySealed(drNodes)}` : ""}`, { cause: err });
    }
    const servedAt = await firstServedRead(drNodes, o.tls.caCert, rootToken, o.recoveryTimeoutMs ?? 120_000, DR_REGION);
    const verdict = await judgeRestore(load.acked, snapshotStartedAt, secrets(drNodes, o.tls.caCert, rootToken).read);
    await Promise.all(drNodes.map((n) => n.stop()));
    return { layout: "eks-raft", ...verdict, written: load.acked.length, rtoSeconds: (servedAt - lostAt) / 1000 };
}
