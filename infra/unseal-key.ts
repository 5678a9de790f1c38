// Vault's unseal key and the one role that may use it: the key policy names the role and denies everyone else,
// and the role's policy names the key and denies every other key. Both layouts use it.
//
// Every new unseal key is a multi-Region primary (README *Disaster recovery*): a replica in another region shares
// its key material, so a Vault there unseals the same seal-wrapped data. KMS cannot turn a single-Region key into a
// multi-Region one, so a key made before this keeps what it is. With the stack's deletion protection on
// (deletionProtection / tableDeletionProtection, both true by default) the key is protected: no config change replaces
// it and `pulumi destroy` stops (a Vault whose seal key is replaced cannot unseal). Such a stack moves to a new,
// multi-Region key by a seal migration (strongroom:sealMigration), and keeps the old key for the backups it sealed.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "./account";
import { policyDocument } from "./iam";
import { KmsKey, UNSEAL_ACTIONS, unsealStatements } from "./keys";

export type SealMigration = "migrating" | "migrated";

export interface UnsealKeyArgs {
    /** Name of the key component. */
    readonly keyName: string;
    /** Name of the role policy that lets the role use the key. */
    readonly policyName: string;
    readonly role: aws.iam.Role;
    readonly account: AwsAccount;
    readonly description: string;
    /** Keys the role uses through its other statements, left out of its deny of every other key. Default: none. */
    readonly otherKeys?: pulumi.Input<string>[];
    /**
     * A recovery stack's key: a replica made by the primary stack (strongroom:unsealKeyArn). No key is created; its
     * policy, written by the primary stack, admits this stack's role by name (infra/dr/recovery-role.ts).
     */
    readonly existingKeyArn?: string;
    /** Moving Vault's seal from the stack's first key to a second, multi-Region one. Default: none. */
    readonly sealMigration?: SealMigration;
    /** Refuse `pulumi destroy` (and any replacement) of the key: without it every byte Vault stored is lost. Default: false. */
    readonly protect?: boolean;
}

/** The key Vault's seal uses; `key` is undefined when the stack uses another stack's replica. */
export interface UnsealKey {
    readonly arn: pulumi.Output<string>;
    readonly key?: KmsKey;
    /** While a seal migration runs: the key Vault's root key was wrapped with until now. */
    readonly previousArn?: pulumi.Output<string>;
    readonly sealMigration?: SealMigration;
}

export function unsealKeyFor(args: UnsealKeyArgs, parent: pulumi.Resource): UnsealKey {
    if (args.existingKeyArn) {
        const arn = pulumi.output(args.existingKeyArn);
        new aws.iam.RolePolicy(args.policyName, { role: args.role.id, policy: policyDocument(unsealStatements(arn, args.otherKeys)) }, { parent });
        return { arn };
    }
    const keyFor = (name: string, description: string) =>
        new KmsKey(
            name,
            {
                description,
                accountId: args.account.accountId,
                partition: args.account.partition,
                users: [{ arns: [args.role.arn], actions: UNSEAL_ACTIONS }],
                exclusive: true,
                multiRegion: true,
                protect: args.protect,
            },
            { parent },
        );
    // The stack's first key stays declared through and after a migration: backups taken before it are sealed by it.
    const first = keyFor(args.keyName, args.description);
    const key = args.sealMigration ? keyFor(`${args.keyName}-multi-region`, `${args.description}, multi-Region (after a seal migration)`) : first;
    const previousArn = args.sealMigration === "migrating" ? first.arn : undefined;
    new aws.iam.RolePolicy(args.policyName, { role: args.role.id, policy: policyDocument(unsealStatements(key.arn, args.otherKeys, previousArn)) }, { parent });
    return { arn: key.arn, key, previousArn, sealMigration: args.sealMigration };
}
