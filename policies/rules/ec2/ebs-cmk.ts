import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { keyRefKind } from "../../lib/key-refs";
import { truthy } from "../../lib/policy-helpers";

interface Volume {
    where: string;
    encrypted: unknown;
    kmsKeyId: unknown;
}

/** The volumes a resource creates; a root volume left unset is the AMI's, unencrypted unless the AMI's snapshot is. */
function volumesOf(type: string, props: Record<string, any>): Volume[] | undefined {
    const mapped = (list: any[] | undefined, where: string) => (list ?? []).map((m: any, i: number) => ({ where: `${where}[${i}]`, ...(m.ebs ?? m) }));
    switch (type) {
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return mapped(
                (props.blockDeviceMappings ?? []).filter((m: any) => !m.virtualName && !m.noDevice),
                "blockDeviceMappings",
            );
        case "aws:ec2/instance:Instance":
        case "aws:ec2/launchConfiguration:LaunchConfiguration":
            return [{ where: "rootBlockDevice", ...(props.rootBlockDevice ?? { encrypted: undefined }) }, ...mapped(props.ebsBlockDevices, "ebsBlockDevices")];
        case "aws:ebs/volume:Volume":
            return [{ where: "volume", encrypted: props.encrypted, kmsKeyId: props.kmsKeyId }];
        default:
            return undefined;
    }
}

export const ebsCmk: ResourceValidationPolicy = {
    name: "strongroom-ec2-ebs-cmk",
    description:
        "EBS volumes — launch template mappings, instance and launch-configuration root and block devices (an unset root device is the AMI's, unencrypted by default), standalone volumes — must be encrypted with a customer-managed key, not aws/ebs in any spelling.",
    remediationSteps: "Set encrypted: true and kmsKeyId to a customer-managed key's ARN.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const volumes = volumesOf(args.type, args.props);
        if (!volumes) return args.notApplicable("Policy only applies to launch templates, instances, launch configurations and EBS volumes");
        for (const v of volumes) {
            if (!truthy(v.encrypted)) reportViolation(`${v.where} is not encrypted${v.encrypted === undefined ? ` (${defaultNote("ebs.rootDevice")})` : ""}.`);
            else if (keyRefKind(v.kmsKeyId) !== "customer")
                reportViolation(
                    `${v.where} uses ${v.kmsKeyId ? `the AWS-managed key ${v.kmsKeyId}` : `the account's default key (kmsKeyId ${defaultNote("ebs.kmsKeyId")})`} instead of a customer-managed one.`,
                );
        }
    },
};
