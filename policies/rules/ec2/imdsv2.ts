import { ResourceValidationPolicy } from "@pulumi/policy";

const TYPES = ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/launchConfiguration:LaunchConfiguration"];

export const imdsv2: ResourceValidationPolicy = {
    name: "strongroom-ec2-imdsv2",
    description:
        "Instances, launch templates, legacy launch configurations and EKS node groups must require IMDSv2 session tokens with a hop limit that keeps containers away from the node's credentials. Unset options are judged as AWS's default: tokens optional and the AMI's hop limit (2 on Amazon Linux 2023 and EKS's own launch template).",
    remediationSteps: 'Set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 }; give EKS node groups a launch template that does.',
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxHopLimit: { type: "number", default: 1 } } },
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:eks/nodeGroup:NodeGroup") {
            if (!args.props.launchTemplate)
                reportViolation("the node group uses EKS's default launch template, whose IMDS hop limit is 2: containers reach the node's credentials.");
            return;
        }
        if (!TYPES.includes(args.type)) return args.notApplicable("Policy only applies to instances, launch templates, launch configurations and node groups");
        const max = args.getConfig<{ maxHopLimit?: number }>().maxHopLimit ?? 1;
        const options = args.props.metadataOptions ?? {};
        if (options.httpEndpoint === "disabled") return;
        if (options.httpTokens !== "required")
            reportViolation(
                `metadataOptions.httpTokens is ${options.httpTokens ?? "unset (AWS default: optional)"}, not "required": IMDSv1 stays open to SSRF.`,
            );
        if (options.httpPutResponseHopLimit === undefined || options.httpPutResponseHopLimit === null)
            reportViolation(`metadataOptions.httpPutResponseHopLimit is unset: AWS takes the AMI's (2 on Amazon Linux 2023), above ${max}.`);
        else if (Number(options.httpPutResponseHopLimit) > max)
            reportViolation(`metadataOptions.httpPutResponseHopLimit is ${options.httpPutResponseHopLimit}, above ${max}.`);
    },
};
