import { StackValidationPolicy } from "@pulumi/policy";
import { attachedTo, bucketsOf } from "../../lib/attached";

export const s3Versioning: StackValidationPolicy = {
    name: "strongroom-s3-versioning",
    description: "S3 buckets must keep object versions, so an overwritten or deleted backup can be recovered.",
    remediationSteps: "Add a BucketVersioning with versioningConfiguration.status Enabled.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const buckets = bucketsOf(args.resources);
        if (buckets.length === 0) return args.notApplicable("No S3 buckets");
        for (const bucket of buckets) {
            const versioned = attachedTo(bucket, args.resources, "aws:s3/bucketVersioning:BucketVersioning", "bucket").some(
                (v) => v.props.versioningConfiguration?.status === "Enabled",
            );
            if (!versioned) reportViolation(`bucket ${bucket.name} does not keep versions.`, bucket.urn);
        }
    },
};
