// The name of the Vault role a recovery stack gives its nodes or pods. The primary stack writes the replica key's
// policy before that role exists, so both sides derive the name from the key id alone: the primary from its key,
// the recovery stack from strongroom:unsealKeyArn. One replica, one recovery role.
import * as pulumi from "@pulumi/pulumi";

/** `strongroom-dr-` and the key id's 32 hex digits: 46 characters, within IAM's 64. */
export function recoveryRoleName(keyId: string): string {
    return `strongroom-dr-${keyId.replace(/^mrk-/, "")}`.slice(0, 64);
}

export function recoveryRoleArn(partition: pulumi.Input<string>, accountId: pulumi.Input<string>, keyId: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([partition, accountId, keyId]).apply(([p, a, k]) => `arn:${p}:iam::${a}:role/${recoveryRoleName(k)}`);
}

/** The key id of a key ARN (arn:aws:kms:<region>:<account>:key/<id>). */
export function keyIdOf(keyArn: string): string {
    return keyArn.split(":key/")[1] ?? keyArn;
}
