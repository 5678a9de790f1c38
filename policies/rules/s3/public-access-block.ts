import { StackValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { bucketsOf, joined } from "../../lib/joins";
import { known } from "../../lib/known";

const SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const blocksAll = (props: unknown) => SETTINGS.every((k) => known(props, k) === true || known(props, k) === "true");

export const s3PublicAccessBlock: StackValidationPolicy = {
    name: "strongroom-s3-public-access-block",
    description:
        "S3 buckets must block every form of public access, kept so by the stack: a BucketPublicAccessBlock naming the bucket (its bucket input from the bucket, or the bucket's literal name), or an AccountPublicAccessBlock, with all four settings true. AWS turns them on for new buckets, but nothing else keeps them on.",
    remediationSteps: "Add a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const buckets = bucketsOf(args.resources);
        if (buckets.length === 0) return args.notApplicable("No S3 buckets");
        const account = args.resources.some((r) => r.type === "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock" && blocksAll(r.props));
        for (const bucket of buckets) {
            const blocks = joined(bucket, args.resources, "bucketPublicAccessBlock");
            if (!account && !blocks.some((b) => blocksAll(b.props)))
                reportViolation(
                    `bucket ${bucket.name} does not block all public access${blocks.length === 0 ? ` (${defaultNote("s3.publicAccessBlock")})` : ""}.`,
                    bucket.urn,
                );
        }
    },
};
