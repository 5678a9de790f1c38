import { StackValidationPolicy } from "@pulumi/policy";
import { attachedTo } from "../../lib/attached";

export const defaultSecurityGroup: StackValidationPolicy = {
    name: "strongroom-ec2-default-security-group",
    description:
        "Every VPC the stack creates must adopt its default security group with an aws.ec2.DefaultSecurityGroup holding no rules: left alone, AWS's default group admits all traffic from its members and to anywhere.",
    remediationSteps: "Add new aws.ec2.DefaultSecurityGroup(name, { vpcId: vpc.id }) with no ingress or egress (see infra/network.ts).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const vpcs = args.resources.filter((r) => r.type === "aws:ec2/vpc:Vpc");
        if (vpcs.length === 0) return args.notApplicable("No VPCs");
        for (const vpc of vpcs) {
            const adopted = attachedTo(vpc, args.resources, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpcId");
            if (adopted.length === 0)
                reportViolation(`VPC ${vpc.name} leaves its default security group with AWS's rules (all traffic between members, all egress).`, vpc.urn);
        }
    },
};
