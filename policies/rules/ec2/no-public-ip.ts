import { ResourceValidationPolicy } from "@pulumi/policy";
import { truthy } from "../../lib/policy-helpers";

export const noPublicIp: ResourceValidationPolicy = {
    name: "strongroom-ec2-no-public-ip",
    description: "Vault nodes get no public IP: instances, launch templates and subnets must not assign one.",
    remediationSteps:
        'Set associatePublicIpAddress false (launch templates: networkInterfaces[].associatePublicIpAddress "false") and mapPublicIpOnLaunch false on subnets; reach nodes through SSM.',
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        switch (args.type) {
            case "aws:ec2/instance:Instance":
                if (truthy(args.props.associatePublicIpAddress)) reportViolation("the instance gets a public IP.");
                return;
            case "aws:ec2/launchTemplate:LaunchTemplate":
                (args.props.networkInterfaces ?? []).forEach(
                    (n: any, i: number) => truthy(n.associatePublicIpAddress) && reportViolation(`networkInterfaces[${i}] gets a public IP.`),
                );
                return;
            case "aws:ec2/subnet:Subnet":
                if (truthy(args.props.mapPublicIpOnLaunch)) reportViolation("the subnet gives every instance launched in it a public IP.");
                return;
            default:
                return args.notApplicable("Policy only applies to instances, launch templates and subnets");
        }
    },
};
