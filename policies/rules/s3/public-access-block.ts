import { StackValidationPolicy } from "@pulumi/policy";
import { attachedTo, bucketsOf } from "../../lib/attached";

const SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlock: StackValidationPolicy = {
    name: "strongroom-s3-public-access-block",
    description: "S3 buckets must block every form of public access.",
    remediationSteps: "Add a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const buckets = bucketsOf(args.resources);
        if (buckets.length === 0) return args.notApplicable("No S3 buckets");
        for (const bucket of buckets) {
            const blocks = attachedTo(bucket, args.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket");
            if (!blocks.some((b) => SETTINGS.every((k) => b.props[k] === true)))
                reportViolation(`bucket ${bucket.name} does not block all public access.`, bucket.urn);
        }
    },
};
