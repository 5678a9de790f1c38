import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { truthy } from "../../lib/policy-helpers";

export const noPublicIp: ResourceValidationPolicy = {
    name: "strongroom-ec2-no-public-ip",
    description:
        "Vault nodes get no public IP: instances, launch templates, launch configurations and subnets must not assign one; an instance with no subnet, or an Auto Scaling group with no vpcZoneIdentifiers, lands in the default VPC, whose default subnets map public IPs unless told not to (AWS's defaults).",
    remediationSteps:
        'Set associatePublicIpAddress false (launch templates: networkInterfaces[].associatePublicIpAddress "false"), mapPublicIpOnLaunch false on subnets, a subnetId on instances and vpcZoneIdentifiers on Auto Scaling groups; reach nodes through SSM.',
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const props = args.props;
        switch (args.type) {
            case "aws:ec2/instance:Instance":
                if (truthy(props.associatePublicIpAddress)) reportViolation("the instance gets a public IP.");
                else if (props.associatePublicIpAddress === undefined && !props.subnetId && !(props.networkInterfaces ?? []).length)
                    reportViolation(`the instance has no subnet (${defaultNote("ec2.instanceSubnet")}).`);
                return;
            case "aws:ec2/launchConfiguration:LaunchConfiguration":
                if (truthy(props.associatePublicIpAddress)) reportViolation("the launch configuration gives instances a public IP.");
                return;
            case "aws:ec2/launchTemplate:LaunchTemplate":
                (props.networkInterfaces ?? []).forEach(
                    (n: any, i: number) => truthy(n.associatePublicIpAddress) && reportViolation(`networkInterfaces[${i}] gets a public IP.`),
                );
                return;
            case "aws:autoscaling/group:Group":
                if (!(props.vpcZoneIdentifiers ?? []).length) reportViolation(`the group has no vpcZoneIdentifiers (${defaultNote("autoscaling.subnets")}).`);
                return;
            case "aws:ec2/subnet:Subnet":
                if (truthy(props.mapPublicIpOnLaunch)) reportViolation("the subnet gives every instance launched in it a public IP.");
                return;
            case "aws:ec2/defaultSubnet:DefaultSubnet":
                if (props.mapPublicIpOnLaunch !== false && props.mapPublicIpOnLaunch !== "false")
                    reportViolation(
                        `the default subnet maps public IPs on launch (mapPublicIpOnLaunch ${defaultNote("ec2.defaultSubnetPublicIp")}): set it false.`,
                    );
                return;
            default:
                return args.notApplicable("Policy only applies to instances, launch templates, launch configurations, Auto Scaling groups and subnets");
        }
    },
};
