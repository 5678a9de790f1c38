import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";

const TYPES = ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/launchConfiguration:LaunchConfiguration"];

export const imdsv2: ResourceValidationPolicy = {
    name: "strongroom-ec2-imdsv2",
    description:
        "Instances, launch templates, legacy launch configurations and EKS node groups must require IMDSv2 session tokens with a hop limit that keeps containers away from the node's credentials, set explicitly: unset, both come from the account's IMDS defaults or the AMI (tokens required and hop limit 2 on AMIs registered with ImdsSupport v2.0 such as Amazon Linux 2023, tokens optional and hop limit 1 on others), which the plan does not show; an EKS node group without a launch template gets one from EKS that cannot keep pods from IMDS.",
    remediationSteps: 'Set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 }; give EKS node groups a launch template that does.',
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxHopLimit: { type: "number", default: 1 } } },
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:eks/nodeGroup:NodeGroup") {
            if (!args.props.launchTemplate) reportViolation(`the node group has no launch template (${defaultNote("eks.nodeGroupLaunchTemplate")}).`);
            return;
        }
        if (!TYPES.includes(args.type)) return args.notApplicable("Policy only applies to instances, launch templates, launch configurations and node groups");
        const max = args.getConfig<{ maxHopLimit?: number }>().maxHopLimit ?? 1;
        const options = args.props.metadataOptions ?? {};
        if (options.httpEndpoint === "disabled") return;
        if (options.httpTokens !== "required")
            reportViolation(
                options.httpTokens === undefined
                    ? `metadataOptions.httpTokens is ${defaultNote("ec2.httpTokens")}; set it to "required" so IMDSv1 is closed to SSRF whatever the AMI.`
                    : `metadataOptions.httpTokens is ${options.httpTokens}, not "required": IMDSv1 stays open to SSRF.`,
            );
        if (options.httpPutResponseHopLimit === undefined || options.httpPutResponseHopLimit === null)
            reportViolation(`metadataOptions.httpPutResponseHopLimit is ${defaultNote("ec2.hopLimit")}; set it to at most ${max}.`);
        else if (Number(options.httpPutResponseHopLimit) > max)
            reportViolation(`metadataOptions.httpPutResponseHopLimit is ${options.httpPutResponseHopLimit}, above ${max}.`);
    },
};
