// The access matrix's rows for disaster recovery and key tampering: the unseal key's tamper rule publishing to the
// encrypted alert topic (every stack); with drRegion, the replica (used by the recovery stack's Vault role alone),
// the DR region's tamper rule, and S3 replication of the snapshots; with cloudTrail create, the trail's writes.
import { PolicyStatement } from "../../infra/iam";
import { unsealStatements } from "../../infra/keys";
import { recoveryRoleName } from "../../infra/dr/recovery-role";
import { Call, many, never, Workload } from "./workloads";
import { StackFacts } from "./stack-facts";

const doc = (statements: PolicyStatement[]) => ({ Version: "2012-10-17", Statement: JSON.parse(JSON.stringify(statements)) });

export function drWorkloads(f: StackFacts): Workload[] {
    const { account } = f;
    const unsealKey = f.keyArn("-vault-unseal-key");
    const dataKey = f.keyArn("-data-key");
    const workloads: Workload[] = [tamperRule(f, "-unseal-watch-rule", "-alerts-topic", dataKey, unsealKey)];
    if (f.has("aws:kms/replicaKey:ReplicaKey", "-unseal-replica")) {
        const replica = f.arn("aws:kms/replicaKey:ReplicaKey", "-unseal-replica");
        const drKey = f.keyArn("-dr-dr-key-key");
        const keyId = replica.split("key/")[1];
        const role = `arn:aws:iam::${account}:role/${recoveryRoleName(keyId)}`;
        workloads.push(
            {
                name: "Vault in a recovery stack (its role, by the name the replica's policy admits)",
                principal: `arn:aws:sts::${account}:assumed-role/${recoveryRoleName(keyId)}/vault-0`,
                principalArn: role,
                // The policy a recovery stack gives its Vault role (infra/unseal-key.ts with strongroom:unsealKeyArn).
                identityPolicies: [{ name: "recovery stack's unseal policy", policy: doc(unsealStatements(replica)) }],
                calls: [
                    ...many(`auto-unseal with the replica in ${replica.split(":")[3]}`, ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], replica),
                    never("administering the replica", "kms:ScheduleKeyDeletion", replica, "implicit"),
                    never("the DR region's data key", "kms:Decrypt", drKey, "NoOtherKeys"),
                ],
            },
            {
                name: "Any other role in the account, on the replica",
                principal: `arn:aws:sts::${account}:assumed-role/some-application/session`,
                principalArn: `arn:aws:iam::${account}:role/some-application`,
                identityPolicies: [{ name: "a wide identity policy", policy: doc([{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }]) }],
                calls: [never("decrypts with the replica, even with kms:Decrypt on *", "kms:Decrypt", replica, "NoUseByOthers")],
            },
            tamperRule(f, "-dr-replica-watch-rule", "-dr-notices-topic", drKey, replica),
        );
        if (f.has("aws:iam/role:Role", "-snapshots-dr-role")) workloads.push(snapshotReplication(f, drKey, unsealKey));
    }
    if (f.has("aws:cloudtrail/trail:Trail", "-trail-trail")) workloads.push(trail(f, dataKey));
    return workloads;
}

/** EventBridge publishing one rule's events to an encrypted topic: only that rule, only this account. */
function tamperRule(f: StackFacts, ruleSuffix: string, topicSuffix: string, topicKey: string, watchedKey: string): Workload {
    const rule = f.arn("aws:cloudwatch/eventRule:EventRule", ruleSuffix);
    const topic = f.arn("aws:sns/topic:Topic", topicSuffix);
    const region = rule.split(":")[3];
    const source = { "aws:SourceArn": rule, "aws:SourceAccount": f.account };
    const other = { ...source, "aws:SourceArn": rule.replace(/rule\/.*/, "rule/someone-elses") };
    return {
        name: `EventBridge (events.amazonaws.com), the unseal key's tamper rule in ${region}`,
        principal: "events.amazonaws.com",
        calls: [
            { why: "notifies the alert topic", action: "sns:Publish", resource: topic, context: source },
            ...many("encrypts the notification with the topic's key", ["kms:GenerateDataKey", "kms:Decrypt"], topicKey, source),
            never("for any other rule", "sns:Publish", topic, "implicit", other),
            never("the topic's key, for any other rule", "kms:GenerateDataKey", topicKey, "implicit", other),
            never("the key it watches", "kms:Decrypt", watchedKey, "NoUseByOthers", source),
        ],
    };
}

function snapshotReplication(f: StackFacts, drKey: string, unsealKey: string): Workload {
    const source = f.arn("aws:s3/bucket:Bucket", "-vault-snapshots-bucket");
    const copy = f.arn("aws:s3/bucket:Bucket", "-snapshots-dr-copy-bucket");
    const snapshotKey = f.keyArn("-vault-snapshots-key-key");
    const [primaryRegion, drRegion] = [snapshotKey.split(":")[3], drKey.split(":")[3]];
    const object = (bucket: string) => `${bucket}/raft/2026-11-26T00-00-00Z.snap`;
    const via = (region: string, bucket: string) => ({
        "kms:ViaService": `s3.${region}.amazonaws.com`,
        "kms:CallerAccount": f.account,
        "kms:EncryptionContext:aws:s3:arn": bucket,
    });
    const tls = { "aws:SecureTransport": "true" };
    const calls: Call[] = [
        ...many("reads the replication configuration", ["s3:GetReplicationConfiguration", "s3:ListBucket"], source, tls),
        ...many("reads snapshot versions", ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"], object(source), tls),
        ...many("writes the copies", ["s3:ReplicateObject", "s3:ReplicateTags"], object(copy), tls),
        { why: "S3 decrypts a snapshot with the snapshot key, as the role", action: "kms:Decrypt", resource: snapshotKey, context: via(primaryRegion, source) },
        ...many("S3 encrypts the copy with the DR key, as the role", ["kms:Encrypt", "kms:GenerateDataKey"], drKey, via(drRegion, copy)),
        never("deletes a copy", "s3:DeleteObject", object(copy), "implicit", tls),
        never("writes the copies outside raft/", "s3:ReplicateObject", `${copy}/other`, "implicit", tls),
        never("reads the copies back", "s3:GetObject", object(copy), "implicit", tls),
        never("the snapshot key outside S3", "kms:Decrypt", snapshotKey, "implicit"),
        never("the DR key to decrypt", "kms:Decrypt", drKey, "implicit", via(drRegion, copy)),
        never("the unseal key", "kms:Decrypt", unsealKey, "NoOtherKeys"),
    ];
    return { name: "S3 replication of the snapshots (its role, assumed by s3.amazonaws.com)", ...f.session("-snapshots-dr-role", "s3-replication"), calls };
}

function trail(f: StackFacts, dataKey: string): Workload {
    const trailArn = f.arn("aws:cloudtrail/trail:Trail", "-trail-trail");
    const bucket = f.arn("aws:s3/bucket:Bucket", "-trail-logs-bucket");
    const mine = { "aws:SourceArn": trailArn, "aws:SourceAccount": f.account };
    const other = { ...mine, "aws:SourceArn": trailArn.replace(/trail\/.*/, "trail/someone-elses") };
    const logs = `${bucket}/AWSLogs/${f.account}/CloudTrail/eu-west-1/2026/11/26/log.json.gz`;
    const context = { ...mine, "kms:EncryptionContext:aws:cloudtrail:arn": trailArn };
    return {
        name: "CloudTrail (cloudtrail.amazonaws.com), the stack's trail",
        principal: "cloudtrail.amazonaws.com",
        calls: [
            { why: "checks the bucket", action: "s3:GetBucketAcl", resource: bucket, context: mine },
            { why: "writes log files", action: "s3:PutObject", resource: logs, context: mine },
            { why: "encrypts log files with the data key", action: "kms:GenerateDataKey", resource: dataKey, context },
            never("for another trail", "s3:PutObject", logs, "implicit", other),
            never("the data key for another trail", "kms:GenerateDataKey", dataKey, "implicit", { ...context, ...other }),
            never("reads the logs' key", "kms:Decrypt", dataKey, "implicit", mine),
        ],
    };
}
