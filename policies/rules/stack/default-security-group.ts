import { StackValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { joined, targetsOf } from "../../lib/joins";

export const defaultSecurityGroup: StackValidationPolicy = {
    name: "strongroom-ec2-default-security-group",
    description:
        "Every VPC the stack creates must adopt its default security group with an aws.ec2.DefaultSecurityGroup holding no rules (its vpcId from the VPC, or the VPC's literal id): left alone, AWS's default group admits all traffic from its members and to anywhere.",
    remediationSteps: "Add new aws.ec2.DefaultSecurityGroup(name, { vpcId: vpc.id }) with no ingress or egress (see infra/network.ts).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const vpcs = targetsOf(args.resources, "vpcDefaultSecurityGroup");
        if (vpcs.length === 0) return args.notApplicable("No VPCs");
        for (const vpc of vpcs) {
            const adopted = joined(vpc, args.resources, "vpcDefaultSecurityGroup");
            if (adopted.length === 0)
                reportViolation(`VPC ${vpc.name} leaves its default security group unadopted (${defaultNote("ec2.defaultSecurityGroup")}).`, vpc.urn);
        }
    },
};
