// What `pulumi destroy` does to each resource that holds Vault's data, as AWS, Kubernetes and the Pulumi engine
// decide it. The mock runtime deletes anything; AWS refuses some deletes half-way through a destroy, and some
// deletes leave billed leftovers behind.
// - Pulumi: a resource with `protect` makes destroy fail in its preview, before anything is deleted
//   (https://www.pulumi.com/docs/iac/concepts/options/protect/);
// - S3: DeleteBucket fails with BucketNotEmpty unless every object and version is gone (forceDestroy empties it);
// - AWS Backup: DeleteBackupVault fails while the vault holds recovery points (forceDestroy deletes them);
// - DynamoDB: DeleteTable fails while deletion protection is on;
// - KMS: a key is only scheduled for deletion, cancellable during its window;
// - EBS volumes of a StatefulSet's claims: outside Pulumi's graph. Kept with their claims unless the StatefulSet's
//   persistentVolumeClaimRetentionPolicy deletes the claims, and then kept unless the class's reclaimPolicy is Delete.
import { RecordedResource } from "../../scripts/offline/recorder";

export type Outcome = "refused" | "deleted" | "kept" | "fails" | "leaks";

export interface DataHolder {
    readonly name: string;
    readonly outcome: Outcome;
    readonly why: string;
}

function outcomeOf(r: RecordedResource, resources: readonly RecordedResource[]): DataHolder | undefined {
    const i = r.inputs;
    const named = (outcome: Outcome, why: string): DataHolder => {
        if (r.protect) return { name: r.name, outcome: "refused", why: "protected: destroy stops before deleting anything" };
        // retainOnDelete is a decision written in the code: destroy succeeds and leaves it (e.g. the replicated
        // secrets' key, which the copies the function made in Secrets Manager outside Pulumi still need).
        if (r.retainOnDelete) return { name: r.name, outcome: "kept", why: "retainOnDelete: left in AWS on purpose" };
        return { name: r.name, outcome, why };
    };
    switch (r.type) {
        case "aws:s3/bucket:Bucket":
            return named(i.forceDestroy ? "deleted" : "fails", i.forceDestroy ? "emptied and deleted" : "S3 refuses to delete a bucket with objects");
        case "aws:backup/vault:Vault":
            return named(
                i.forceDestroy ? "deleted" : "fails",
                i.forceDestroy ? "deleted with its recovery points" : "AWS Backup refuses to delete a vault with recovery points",
            );
        case "aws:dynamodb/table:Table":
            return named(
                i.deletionProtectionEnabled ? "fails" : "deleted",
                i.deletionProtectionEnabled ? "DynamoDB refuses while deletion protection is on" : "deleted",
            );
        // Every key: what it encrypted (seal, table, volumes, backups, snapshots, copies) is unreadable without it.
        case "aws:kms/key:Key":
        case "aws:kms/replicaKey:ReplicaKey":
            return named("deleted", `scheduled for deletion in ${i.deletionWindowInDays ?? 30} days`);
        case "kubernetes:helm.sh/v3:Release": {
            if (i.chart !== "vault") return undefined;
            const cluster = resources.find((c) => c.type === "aws:eks/cluster:Cluster");
            const className = i.values.server.dataStorage.storageClass;
            const storageClass = resources.find((s) => s.type === "kubernetes:storage.k8s.io/v1:StorageClass" && s.inputs.metadata?.name === className);
            const claimsGo = i.values.server.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete";
            const volumesGo = claimsGo && storageClass?.inputs.reclaimPolicy === "Delete";
            if (cluster?.protect) return { name: `${r.name} (Raft volumes)`, outcome: "refused", why: "the cluster is protected" };
            return {
                name: `${r.name} (Raft volumes)`,
                outcome: volumesGo ? "deleted" : "leaks",
                why: volumesGo ? "claims deleted with the StatefulSet, volumes with their claims" : "EBS volumes outlive the release and the cluster, billed",
            };
        }
    }
    return undefined;
}

export function dataHolders(resources: readonly RecordedResource[]): DataHolder[] {
    return resources.flatMap((r) => outcomeOf(r, resources) ?? []);
}

/** Data holders whose destroy is neither refused on purpose (protected stacks) nor clean (unprotected ones). */
export function destroyProblems(resources: readonly RecordedResource[], protectedStack: boolean): string[] {
    return dataHolders(resources)
        .filter((h) => h.outcome !== "kept" && (protectedStack ? h.outcome !== "refused" : h.outcome !== "deleted"))
        .map((h) => `${h.name}: ${h.outcome} (${h.why}) in a stack whose deletion protection is ${protectedStack ? "on" : "off"}`);
}
