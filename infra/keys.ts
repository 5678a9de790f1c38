// A customer-managed KMS key whose policy names exactly who may use it. Components create one per purpose
// (unseal, replicated secrets, data at rest) after the roles that use it exist, passing those roles here.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allow, denyOutside, PolicyStatement, policyDocument } from "./iam";

/** What Vault's awskms seal calls, and nothing more (Vault docs, seal "awskms"). */
export const UNSEAL_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"];
/** What an AWS service needs to encrypt data at rest with a CMK on a principal's behalf. */
export const ENVELOPE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const CRYPTO_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];

export interface KeyUser {
    /** IAM role ARNs. */
    readonly arns: pulumi.Input<string>[];
    readonly actions: string[];
    /** Extra conditions, e.g. kms:ViaService. Default: none. */
    readonly condition?: PolicyStatement["Condition"];
}

/**
 * A role that may not exist yet (a recovery stack's Vault role): matched by its exact ARN in aws:PrincipalArn, since
 * KMS refuses a key policy that names a principal that does not exist.
 */
export interface FutureUser {
    readonly arn: pulumi.Input<string>;
    readonly actions: string[];
}

/** Principals matched by a condition (e.g. aws:PrincipalArn), not named: they need not exist when the key is made. */
export interface MatchedUser {
    readonly condition: NonNullable<PolicyStatement["Condition"]>;
    readonly actions: string[];
}

export interface KeyService {
    /** Service principal, e.g. `logs.eu-west-1.amazonaws.com`. */
    readonly service: string;
    readonly actions: string[];
    readonly condition?: PolicyStatement["Condition"];
}

export interface KmsKeyArgs {
    readonly description: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Roles that may use the key. Default: none. */
    readonly users?: KeyUser[];
    /** Principals matched by condition that may use the key. Default: none. */
    readonly matchedUsers?: MatchedUser[];
    /** Roles, by exact ARN, that may use the key once they exist; counted as users by `exclusive`. Default: none. */
    readonly futureUsers?: FutureUser[];
    /** Service principals that may use the key. Default: none. */
    readonly services?: KeyService[];
    /**
     * Deny cryptographic use to every principal not listed in `users` (root and admins included), so an IAM
     * policy elsewhere in the account can never grant it. Default: false.
     */
    readonly exclusive?: boolean;
    /** Waiting period before deletion. Default: 30 days, the maximum. */
    readonly deletionWindowInDays?: number;
    /**
     * A multi-Region primary, which can have replicas in other regions. Only a new key can be one: KMS never turns a
     * single-Region key into a multi-Region one, so a key created without it keeps that (the input is ignored after
     * creation rather than replacing the key). Default: false.
     */
    readonly multiRegion?: boolean;
    /**
     * Pulumi refuses to delete or replace the key. For keys that seal or encrypt data no other key can read (Vault's
     * unseal key, the data, snapshot and DR keys), set from the stack's deletion protection: a protected stack must
     * never lose them to a config change or a destroy. Default: false.
     */
    readonly protect?: boolean;
    /**
     * Dropping the key from the stack leaves it in AWS, whatever the stack's deletion protection (the replicated
     * secrets' key: copies the function made outside Pulumi still need it). Default: false.
     */
    readonly retainOnDelete?: boolean;
}

export class KmsKey extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
    readonly aliasName: pulumi.Output<string>;
    /** Whether the key, as it exists, is multi-Region (false for a key created before multiRegion was asked for). */
    readonly multiRegion: pulumi.Output<boolean>;

    constructor(name: string, args: KmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:infra:KmsKey", name, {}, opts);
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: args.description,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: args.deletionWindowInDays ?? 30,
                bypassPolicyLockoutSafetyCheck: false,
                policy: policyDocument(keyPolicyStatements(args)),
                ...(args.multiRegion ? { multiRegion: true } : {}),
            },
            {
                parent: this,
                ...(args.protect ? { protect: true } : {}),
                ...(args.retainOnDelete ? { retainOnDelete: true } : {}),
                // multiRegion forces replacement: an existing key keeps what it was made with (see multiRegion above).
                ...(args.multiRegion ? { ignoreChanges: ["multiRegion"] } : {}),
            },
        );
        const alias = new aws.kms.Alias(`${name}-alias`, { name: `alias/${name}`, targetKeyId: key.keyId }, { parent: this });
        this.arn = key.arn;
        this.keyId = key.keyId;
        this.aliasName = alias.name;
        this.multiRegion = key.multiRegion;
        this.registerOutputs({ arn: this.arn, aliasName: this.aliasName });
    }
}

/** The key policy: root administers (and can delegate to IAM), listed principals use, everyone else is denied if exclusive. */
export function keyPolicyStatements(args: KmsKeyArgs): PolicyStatement[] {
    const root = pulumi.interpolate`arn:${args.partition}:iam::${args.accountId}:root`;
    const users = args.users ?? [];
    const statements: PolicyStatement[] = [
        // Without this the key becomes unmanageable (AWS KMS docs, "Default key policy").
        { Sid: "RootAdministers", Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" },
        ...users.map((u, i): PolicyStatement => ({
            Sid: `UseByRole${i}`,
            Effect: "Allow",
            Principal: { AWS: u.arns },
            Action: u.actions,
            Resource: "*",
            ...(u.condition ? { Condition: u.condition } : {}),
        })),
        ...(args.matchedUsers ?? []).map((m, i): PolicyStatement => ({
            Sid: `UseByMatchedPrincipal${i}`,
            Effect: "Allow",
            Principal: "*",
            Action: m.actions,
            Resource: "*",
            Condition: m.condition,
        })),
        ...(args.services ?? []).map((s, i): PolicyStatement => ({
            Sid: `UseByService${i}`,
            Effect: "Allow",
            Principal: { Service: s.service },
            Action: s.actions,
            Resource: "*",
            ...(s.condition ? { Condition: s.condition } : {}),
        })),
    ];
    const future = args.futureUsers ?? [];
    statements.push(
        ...future.map((f, i): PolicyStatement => ({
            Sid: `UseByRecoveryRole${i}`,
            Effect: "Allow",
            Principal: "*",
            Action: f.actions,
            Resource: "*",
            Condition: { ArnEquals: { "aws:PrincipalArn": f.arn }, StringEquals: { "kms:CallerAccount": args.accountId } },
        })),
    );
    if (args.exclusive) {
        statements.push({
            Sid: "NoUseByOthers",
            Effect: "Deny",
            Principal: "*",
            Action: CRYPTO_ACTIONS,
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": [...users.flatMap((u) => u.arns), ...future.map((f) => f.arn)] } },
        });
    }
    return statements;
}

/**
 * The IAM side of auto-unseal for whichever role runs Vault: the three seal actions on the one key. `otherKeys` are
 * keys the role's other statements use (the table's key, through DynamoDB); every key beyond those is denied.
 */
export function unsealStatements(
    unsealKeyArn: pulumi.Input<string>,
    otherKeys: pulumi.Input<string>[] = [],
    /** During a seal migration, the key the root key was wrapped with until now. */
    previousKeyArn?: pulumi.Input<string>,
): PolicyStatement[] {
    const seals = previousKeyArn ? [unsealKeyArn, previousKeyArn] : [unsealKeyArn];
    return [
        allow("VaultAutoUnseal", UNSEAL_ACTIONS, seals),
        // Whatever else is attached later, this role touches no other key.
        denyOutside("NoOtherKeys", ["kms:*"], [...seals, ...otherKeys]),
    ];
}
