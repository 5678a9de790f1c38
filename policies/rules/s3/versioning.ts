import { StackValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { bucketsOf, joined } from "../../lib/joins";
import { known } from "../../lib/known";
import { truthy } from "../../lib/policy-helpers";

export const s3Versioning: StackValidationPolicy = {
    name: "strongroom-s3-versioning",
    description:
        "S3 buckets must keep object versions, so an overwritten or deleted backup can be recovered: a BucketVersioning naming the bucket (its bucket input from the bucket, or the bucket's literal name) with status Enabled, or versioning enabled inline on the bucket. Unset, a bucket is unversioned.",
    remediationSteps: "Add a BucketVersioning with versioningConfiguration.status Enabled.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const buckets = bucketsOf(args.resources);
        if (buckets.length === 0) return args.notApplicable("No S3 buckets");
        for (const bucket of buckets) {
            const apart = joined(bucket, args.resources, "bucketVersioning").some(
                (v) => (known(v.props, "versioningConfiguration") as any)?.status === "Enabled",
            );
            const inline =
                truthy((known(bucket.props, "versioning") as any)?.enabled) ||
                ((known(bucket.props, "versionings") as any[]) ?? []).some((v) => truthy(v?.enabled));
            if (!apart && !inline) reportViolation(`bucket ${bucket.name} does not keep versions (${defaultNote("s3.versioning")}).`, bucket.urn);
        }
    },
};
