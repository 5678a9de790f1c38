import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { bucketsOf, joined } from "../../lib/joins";
import { keyRefKind } from "../../lib/key-refs";
import { known } from "../../lib/known";

interface Rule {
    sseAlgorithm?: string;
    kmsMasterKeyId?: string;
}

/** The default-encryption rules that apply to a bucket: set apart, or inline on the bucket (both provider shapes). */
function rulesOf(bucket: PolicyResource, resources: readonly PolicyResource[]): Rule[] {
    const apart = joined(bucket, resources, "bucketEncryption").flatMap((c) => (known(c.props, "rules") as any[]) ?? []);
    const inline = known(bucket.props, "serverSideEncryptionConfiguration") as any;
    const inlineV2 = (known(bucket.props, "serverSideEncryptionConfigurations") as any[]) ?? [];
    return [
        ...apart.map((r) => r?.applyServerSideEncryptionByDefault),
        inline?.rule?.applyServerSideEncryptionByDefault,
        ...inlineV2.flatMap((c) => (c?.rules ?? []).flatMap((r: any) => r?.applyServerSideEncryptionByDefaults ?? [])),
    ].filter((r): r is Rule => !!r);
}

export const s3Encryption: StackValidationPolicy = {
    name: "strongroom-s3-encryption",
    description:
        "S3 buckets must encrypt objects by default with a customer-managed KMS key (aws:kms or aws:kms:dsse with a key that is not aws/s3), set by a BucketServerSideEncryptionConfiguration that names the bucket (its bucket input from the bucket, or the bucket's literal name) or inline on the bucket. Unset, AWS applies SSE-S3.",
    remediationSteps: "Add a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and a customer-managed kmsMasterKeyId.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const buckets = bucketsOf(args.resources);
        if (buckets.length === 0) return args.notApplicable("No S3 buckets");
        for (const bucket of buckets) {
            const rules = rulesOf(bucket, args.resources);
            const cmk = rules.some((r) => /^aws:kms(:dsse)?$/.test(r.sseAlgorithm ?? "") && keyRefKind(r.kmsMasterKeyId) === "customer");
            if (!cmk)
                reportViolation(
                    `bucket ${bucket.name} has no default encryption with a customer-managed KMS key${rules.length === 0 ? ` (${defaultNote("s3.defaultEncryption")})` : ""}.`,
                    bucket.urn,
                );
        }
    },
};
