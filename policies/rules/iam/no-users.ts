import { ResourceValidationPolicy } from "@pulumi/policy";

const USER_TYPES = ["aws:iam/user:User", "aws:iam/accessKey:AccessKey", "aws:iam/userLoginProfile:UserLoginProfile"];

export const noUsers: ResourceValidationPolicy = {
    name: "strongroom-iam-no-users",
    description: "No IAM users or access keys: people use SSO, workloads use roles.",
    remediationSteps: "Use an IAM role (instance profile, IRSA, Lambda execution role) instead of a user or a long-lived key.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!USER_TYPES.includes(args.type)) return args.notApplicable("Policy only applies to IAM users, login profiles and access keys");
        reportViolation(`${args.type.split(":").pop()} creates long-lived credentials.`);
    },
};
