import { ResourceValidationPolicy } from "@pulumi/policy";

/**
 * Long-lived credentials and the users that hold them, by type (every aws.iam type whose inputs name a user, from
 * the provider's types), and SSH key pairs for instances that Session Manager makes unnecessary.
 */
export const CREDENTIAL_TYPES = [
    "aws:iam/user:User",
    "aws:iam/accessKey:AccessKey",
    "aws:iam/userLoginProfile:UserLoginProfile",
    "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
    "aws:iam/signingCertificate:SigningCertificate",
    "aws:iam/sshKey:SshKey",
    "aws:iam/userGroupMembership:UserGroupMembership",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    "aws:ec2/keyPair:KeyPair",
];
const KEY_NAME_TYPES = ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/launchConfiguration:LaunchConfiguration"];

export const noUsers: ResourceValidationPolicy = {
    name: "strongroom-iam-no-users",
    description:
        "No IAM users or long-lived credentials: users and their policies, access keys, login profiles, service-specific credentials (CodeCommit, Keyspaces, Bedrock), signing certificates, SSH public keys, EC2 key pairs or a keyName on instances: people use SSO and Session Manager, workloads use roles.",
    remediationSteps: "Use an IAM role (instance profile, IRSA, Lambda execution role) and Session Manager instead of a user, a long-lived key or an SSH key.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (CREDENTIAL_TYPES.includes(args.type)) return reportViolation(`${args.type.split(":").pop()} creates or serves long-lived credentials.`);
        if (KEY_NAME_TYPES.includes(args.type) && args.props.keyName) return reportViolation(`keyName ${args.props.keyName} installs a long-lived SSH key.`);
        return args.notApplicable("Policy only applies to IAM users, their credentials and SSH keys");
    },
};
