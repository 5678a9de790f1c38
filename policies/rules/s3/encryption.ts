import { StackValidationPolicy } from "@pulumi/policy";
import { attachedTo, bucketsOf } from "../../lib/attached";

export const s3Encryption: StackValidationPolicy = {
    name: "strongroom-s3-encryption",
    description: "S3 buckets must encrypt objects by default with a KMS key (aws:kms), not S3-managed keys.",
    remediationSteps: "Add a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and a customer-managed kmsMasterKeyId.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const buckets = bucketsOf(args.resources);
        if (buckets.length === 0) return args.notApplicable("No S3 buckets");
        for (const bucket of buckets) {
            const rules = attachedTo(
                bucket,
                args.resources,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "bucket",
            ).flatMap((c) => c.props.rules ?? []);
            const kms = rules.some(
                (r: any) => r.applyServerSideEncryptionByDefault?.sseAlgorithm === "aws:kms" && r.applyServerSideEncryptionByDefault?.kmsMasterKeyId,
            );
            if (!kms) reportViolation(`bucket ${bucket.name} has no default encryption with a customer-managed KMS key.`, bucket.urn);
        }
    },
};
