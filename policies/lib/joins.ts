// Which resources configure which: the one join every stack rule uses. In a Pulumi program a companion resource
// (a RolePolicy, a BucketVersioning, a KeyPolicy, …) names its target in one of two ways, and both must join:
//   - by an output of the target (`role: role.name`, `bucket: bucket.id`), known or still unknown at preview: the
//     engine records the target's URN in the companion's propertyDependencies for that input;
//   - by a literal physical name, id or ARN the user wrote (`bucket: "my-bucket"`), equal to the name the target
//     was given or the id/ARN it has once it exists.
// A Pulumi logical name is neither: it never reaches AWS, so it joins nothing.
import { PolicyResource } from "@pulumi/policy";
import { known } from "./known";

/** Inputs (or outputs, for an existing resource) that hold a resource's physical identity, by type. */
const IDENTITY_INPUTS: Record<string, string[]> = {
    "aws:s3/bucket:Bucket": ["bucket"],
    "aws:s3/bucketV2:BucketV2": ["bucket"],
    "aws:kms/key:Key": ["keyId"],
    "aws:kms/replicaKey:ReplicaKey": ["keyId"],
    "aws:kms/externalKey:ExternalKey": ["keyId"],
    "aws:kms/replicaExternalKey:ReplicaExternalKey": ["keyId"],
    "aws:iam/role:Role": ["name"],
    "aws:ec2/vpc:Vpc": [],
};
/** Every resource's id and ARN identify it once it exists (the stack rules see outputs). */
const ALWAYS = ["id", "arn"];

/**
 * The comparable form of a name, id or ARN: an ARN is reduced to the last part of its resource field (role
 * `path/name` → `name`, `key/<id>` → `<id>`, an S3 ARN → the bucket), so a companion that gives the ARN joins a
 * target that was given the plain name, and the other way round.
 */
export function physicalKey(value: string): string {
    if (!value.startsWith("arn:")) return value;
    const resource = value.split(":").slice(5).join(":");
    return resource.split(/[/:]/).filter(Boolean).pop() ?? resource;
}

const values = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && x !== "");

/** A resource's physical identities (its name, id and ARN, as far as they are known), in comparable form. */
export function identitiesOf(r: PolicyResource): Set<string> {
    const inputs = [...(IDENTITY_INPUTS[r.type] ?? ["name"]), ...ALWAYS];
    return new Set(inputs.flatMap((i) => values(known(r.props, i))).map(physicalKey));
}

export interface Companion {
    /** The companion's type, e.g. aws:s3/bucketVersioning:BucketVersioning. */
    readonly type: string;
    /** The input naming the target, e.g. `bucket`; a list input (PolicyAttachment `roles`) names several. */
    readonly input: string;
}

/** How a companion names the target, for messages and tests. */
export type JoinedBy = "dependency" | "literal";

/** Whether `companion` names `target` through `input`: by a recorded dependency, or by a literal identity. */
export function joinedBy(companion: PolicyResource, input: string, target: PolicyResource): JoinedBy | undefined {
    if ((companion.propertyDependencies?.[input] ?? []).some((d) => d.urn === target.urn)) return "dependency";
    const ids = identitiesOf(target);
    return values(known(companion.props, input)).some((v) => ids.has(physicalKey(v))) ? "literal" : undefined;
}

/** The resources of the companion types that configure `target` (e.g. the BucketVersioning of this bucket). */
export function companionsOf(target: PolicyResource, resources: readonly PolicyResource[], companions: readonly Companion[]): PolicyResource[] {
    return resources.filter((r) => r !== target && companions.some((c) => c.type === r.type && joinedBy(r, c.input, target) !== undefined));
}

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const KEY_TYPES = ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey"];

/** Every join the pack's stack rules make: the resources configured, and the companions that configure them. */
export const JOINS = {
    rolePolicies: {
        targets: ["aws:iam/role:Role"],
        companions: [
            { type: "aws:iam/rolePolicy:RolePolicy", input: "role" },
            { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", input: "role" },
            { type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", input: "roleName" },
            { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", input: "roleName" },
            { type: "aws:iam/policyAttachment:PolicyAttachment", input: "roles" },
        ],
    },
    bucketEncryption: {
        targets: BUCKET_TYPES,
        companions: [
            { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", input: "bucket" },
            { type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", input: "bucket" },
        ],
    },
    bucketPublicAccessBlock: { targets: BUCKET_TYPES, companions: [{ type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", input: "bucket" }] },
    bucketVersioning: {
        targets: BUCKET_TYPES,
        companions: [
            { type: "aws:s3/bucketVersioning:BucketVersioning", input: "bucket" },
            { type: "aws:s3/bucketVersioningV2:BucketVersioningV2", input: "bucket" },
        ],
    },
    vpcDefaultSecurityGroup: { targets: ["aws:ec2/vpc:Vpc"], companions: [{ type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", input: "vpcId" }] },
    keyPolicy: { targets: KEY_TYPES, companions: [{ type: "aws:kms/keyPolicy:KeyPolicy", input: "keyId" }] },
} satisfies Record<string, { targets: string[]; companions: Companion[] }>;

export type JoinName = keyof typeof JOINS;

/** The companions that configure `target` through one of the pack's joins. */
export function joined(target: PolicyResource, resources: readonly PolicyResource[], join: JoinName): PolicyResource[] {
    return companionsOf(target, resources, JOINS[join].companions);
}

export function targetsOf(resources: readonly PolicyResource[], join: JoinName): PolicyResource[] {
    return resources.filter((r) => (JOINS[join].targets as string[]).includes(r.type));
}

export function bucketsOf(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => BUCKET_TYPES.includes(r.type));
}
