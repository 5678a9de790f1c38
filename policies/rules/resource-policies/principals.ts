import { ResourceValidationPolicy } from "@pulumi/policy";
import { parseDocument, Statement } from "../../lib/iam-document";
import { describe } from "../../lib/policy-helpers";

/** Resource policies as separate resources, and the input that holds the document. */
const RESOURCE_POLICY_TYPES: Record<string, string> = {
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
};
/** Condition keys that tie a service's request to the account or resource it acts for (confused-deputy protection). */
const SOURCE_KEYS = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"];

const conditionKeys = (s: Statement) => Object.values(s.conditions ?? {}).flatMap((kv) => Object.keys(kv).map((k) => k.toLowerCase()));

export const resourcePolicyPrincipals: ResourceValidationPolicy = {
    name: "strongroom-resource-policy-principals",
    description:
        "Resource policies (bucket, topic, queue, secret, repository, log policies) never Allow `*` without a condition, and a service principal they Allow is pinned by aws:SourceAccount or aws:SourceArn.",
    remediationSteps:
        "Name the principals, or add a condition limiting `*`; for a service principal add StringEquals aws:SourceAccount (and ArnLike aws:SourceArn where the service sets it).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const input = RESOURCE_POLICY_TYPES[args.type];
        if (!input) return args.notApplicable("Policy only applies to resource policies");
        const statements = parseDocument(args.props[input]);
        if (!statements) return reportViolation(`${input} is not a readable policy document.`);
        for (const s of statements.filter((x) => x.effect === "Allow")) {
            const anyone = (s.principals?.["*"] ?? []).length > 0 || (s.principals?.AWS ?? []).includes("*");
            if (anyone && !s.conditions) reportViolation(`${describe(s)} allows any principal without a condition.`);
            const services = s.principals?.Service ?? [];
            if (services.length > 0 && !conditionKeys(s).some((k) => SOURCE_KEYS.includes(k)))
                reportViolation(`${describe(s)} lets ${services.join(", ")} act for any account: pin aws:SourceAccount or aws:SourceArn.`);
        }
    },
};
