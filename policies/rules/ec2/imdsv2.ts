import { ResourceValidationPolicy } from "@pulumi/policy";

const TYPES = ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"];

export const imdsv2: ResourceValidationPolicy = {
    name: "strongroom-ec2-imdsv2",
    description: "Instances and launch templates must require IMDSv2 session tokens, with a hop limit that keeps containers away from the node's credentials.",
    remediationSteps: 'Set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 }.',
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxHopLimit: { type: "number", default: 1 } } },
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return args.notApplicable("Policy only applies to instances and launch templates");
        const max = args.getConfig<{ maxHopLimit?: number }>().maxHopLimit ?? 1;
        const options = args.props.metadataOptions ?? {};
        if (options.httpEndpoint === "disabled") return;
        if (options.httpTokens !== "required") reportViolation('metadataOptions.httpTokens is not "required": IMDSv1 stays open to SSRF.');
        const hops = Number(options.httpPutResponseHopLimit ?? 1);
        if (hops > max) reportViolation(`metadataOptions.httpPutResponseHopLimit is ${hops}, above ${max}.`);
    },
};
