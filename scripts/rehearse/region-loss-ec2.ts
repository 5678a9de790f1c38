// Region loss on ec2-dynamodb, rehearsed: three real Vault nodes in the primary region on a DynamoDB table, sealed by
// the stack's multi-Region unseal key; secrets written all along; a table backup, copied to the DR region; then the
// primary region is lost (its nodes stopped, its endpoints cut) and a recovery stack's Vault comes up in the DR
// region on a table restored from the copy, unsealed by the replica. Measures RPO and RTO.
import { RestoreTableFromBackupCommand } from "@aws-sdk/client-dynamodb";
import { strongroom } from "../../stacks/program";
import { runOffline } from "../offline/recorder";
import { readStackConfig } from "../offline/stacks";
import { backupTable, clientsIn, copyBackupToDr, createVaultTable, DR_REGION, primaryRegion, unsealKeyWithReplica } from "./dr-aws";
import { firstServedRead, initCluster, mountKv, secrets } from "./dr-vault";
import { NodeTls, startEc2Nodes } from "./ec2-nodes";
import { Emulator, EMULATOR_REGION } from "./emulator";
import { judgeRestore, RestoreVerdict, WriteLoad } from "./write-load";

export interface RegionLossOptions {
    readonly emulator: Emulator;
    readonly vaultBin: string;
    readonly workDir: string;
    readonly tls: NodeTls;
    readonly log: (line: string) => void;
    /** Seconds of writes before the backup, and between the backup and the loss. Default: 4 and 3. */
    readonly writeSeconds?: number;
    readonly afterBackupSeconds?: number;
    /** The unseal key has no replica in the DR region (a stack without drRegion): the restore must fail, saying why. */
    readonly withoutReplica?: boolean;
    /** How long the DR Vault may take to serve. Default: 120 s. */
    readonly recoveryTimeoutMs?: number;
}

export interface RegionLossResult extends RestoreVerdict {
    readonly layout: "ec2-dynamodb" | "eks-raft";
    /** Seconds from "region lost" to the first read the DR Vault served. */
    readonly rtoSeconds: number;
    readonly written: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The program's own definitions with drRegion on: the unseal key must be multi-Region with a replica. */
export async function assertProgramDefinesDr(stack: string): Promise<Record<string, any>> {
    const run = await runOffline(strongroom, stack, { ...readStackConfig(stack), "strongroom:drRegion": DR_REGION });
    const key = run.resources.find((r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-unseal-key"));
    const replica = run.resources.find((r) => r.type === "aws:kms/replicaKey:ReplicaKey");
    if (!key?.inputs.multiRegion || !replica || replica.region !== DR_REGION)
        throw new Error(`rehearsal: the ${stack} stack with drRegion does not define a multi-Region unseal key with a replica in ${DR_REGION}`);
    return key.inputs;
}

export async function regionLossEc2(o: RegionLossOptions): Promise<RegionLossResult> {
    await assertProgramDefinesDr("dev");
    const primary = clientsIn(EMULATOR_REGION, o.emulator);
    const dr = clientsIn(DR_REGION, o.emulator);
    const keys = await unsealKeyWithReplica(primary, dr, !o.withoutReplica);
    const tableName = "strongroom-drill-vault-data";
    await createVaultTable(primary.dynamodb, tableName);
    // Everything the primary nodes reach (KMS, DynamoDB) goes through one relay: cutting it is losing the region.
    const { relay: region, dirs } = await primaryRegion(o.emulator, o.workDir);
    const nodes = await startEc2Nodes({
        count: 3,
        vaultBin: o.vaultBin,
        workDir: dirs.primary,
        awsEndpoint: region.endpoint,
        tableName,
        unsealKeyId: keys.primaryArn,
        tls: o.tls,
    });
    const { rootToken } = await initCluster(nodes, o.tls.caCert);
    await mountKv(nodes, o.tls.caCert, rootToken);
    o.log(`primary (${EMULATOR_REGION}): 3 Vault nodes on DynamoDB, sealed by multi-Region key ${keys.primaryArn}; replica ${keys.replicaArn}`);

    const load = new WriteLoad();
    load.start(secrets(nodes, o.tls.caCert, rootToken).write);
    await sleep((o.writeSeconds ?? 4) * 1000);
    const backupStartedAt = Date.now();
    const backupArn = await backupTable(primary, tableName, "drill");
    const copyArn = await copyBackupToDr(primary, dr, backupArn, tableName);
    o.log(`backup ${backupArn} copied to ${DR_REGION} as ${copyArn} (the drill copies it: moto has no AWS Backup copy jobs)`);
    await sleep((o.afterBackupSeconds ?? 3) * 1000);

    const lostAt = Date.now();
    await region.cut();
    await Promise.all(nodes.map((n) => n.stop()));
    await load.stop();
    o.log(`region ${EMULATOR_REGION} lost: nodes stopped, its KMS and DynamoDB endpoints cut (${load.acked.length} writes acknowledged)`);

    // The recovery stack's `pulumi up`: its table created from the copy (restoreBackupArn), its nodes on the replica.
    await dr.dynamodb.send(new RestoreTableFromBackupCommand({ BackupArn: copyArn, TargetTableName: `${tableName}-restored` }));
    const drNodes = await startEc2Nodes({
        count: 3,
        vaultBin: o.vaultBin,
        workDir: dirs.dr,
        awsEndpoint: o.emulator.endpoint,
        tableName: `${tableName}-restored`,
        unsealKeyId: keys.replicaArn,
        tls: o.tls,
        region: DR_REGION,
    });
    const servedAt = await firstServedRead(drNodes, o.tls.caCert, rootToken, o.recoveryTimeoutMs ?? 120_000, DR_REGION);
    const verdict = await judgeRestore(load.acked, backupStartedAt, secrets(drNodes, o.tls.caCert, rootToken).read);
    await Promise.all(drNodes.map((n) => n.stop()));
    return { layout: "ec2-dynamodb", ...verdict, written: load.acked.length, rtoSeconds: (servedAt - lostAt) / 1000 };
}
