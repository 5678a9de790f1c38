// Vault's unseal key and the one role that may use it: the key policy names the role and denies everyone else,
// and the role's policy names the key and denies every other key. Both layouts use it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "./account";
import { policyDocument } from "./iam";
import { KmsKey, UNSEAL_ACTIONS, unsealStatements } from "./keys";

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
    /** Refuse `pulumi destroy` of the key: without it every byte Vault stored is lost. Default: false. */
    readonly protect?: boolean;
}

export function unsealKeyFor(args: UnsealKeyArgs, parent: pulumi.Resource): KmsKey {
    const key = new KmsKey(
        args.keyName,
        {
            description: args.description,
            accountId: args.account.accountId,
            partition: args.account.partition,
            users: [{ arns: [args.role.arn], actions: UNSEAL_ACTIONS }],
            exclusive: true,
        },
        { parent, protect: args.protect },
    );
    new aws.iam.RolePolicy(args.policyName, { role: args.role.id, policy: policyDocument(unsealStatements(key.arn, args.otherKeys)) }, { parent });
    return key;
}
