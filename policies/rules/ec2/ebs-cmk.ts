import { ResourceValidationPolicy } from "@pulumi/policy";
import { truthy } from "../../lib/policy-helpers";

export const ebsCmk: ResourceValidationPolicy = {
    name: "strongroom-ec2-ebs-cmk",
    description: "EBS volumes (launch template mappings, instance root and block devices, standalone volumes) must be encrypted with a customer-managed key.",
    remediationSteps: "Set encrypted: true and kmsKeyId to a customer-managed key's ARN.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const volumes: { where: string; encrypted: unknown; kmsKeyId: unknown }[] = [];
        if (args.type === "aws:ec2/launchTemplate:LaunchTemplate") {
            (args.props.blockDeviceMappings ?? []).forEach((m: any, i: number) => m.ebs && volumes.push({ where: `blockDeviceMappings[${i}]`, ...m.ebs }));
        } else if (args.type === "aws:ec2/instance:Instance") {
            if (args.props.rootBlockDevice) volumes.push({ where: "rootBlockDevice", ...args.props.rootBlockDevice });
            (args.props.ebsBlockDevices ?? []).forEach((d: any, i: number) => volumes.push({ where: `ebsBlockDevices[${i}]`, ...d }));
        } else if (args.type === "aws:ebs/volume:Volume") {
            volumes.push({ where: "volume", encrypted: args.props.encrypted, kmsKeyId: args.props.kmsKeyId });
        } else {
            return args.notApplicable("Policy only applies to launch templates, instances and EBS volumes");
        }
        for (const v of volumes) {
            if (!truthy(v.encrypted)) reportViolation(`${v.where} is not encrypted.`);
            else if (!v.kmsKeyId || String(v.kmsKeyId).includes("alias/aws/"))
                reportViolation(`${v.where} uses the AWS-managed key instead of a customer-managed one.`);
        }
    },
};
