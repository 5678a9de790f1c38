import { ResourceValidationPolicy } from "@pulumi/policy";
import { disablesTls, hasAwsKmsSeal, isVaultConfig } from "../../lib/vault-config";

function userDataOf(type: string, props: Record<string, any>): string | undefined {
    const decode = (b64: unknown) => (typeof b64 === "string" ? Buffer.from(b64, "base64").toString("utf8") : undefined);
    if (type === "aws:ec2/launchTemplate:LaunchTemplate") return decode(props.userData);
    if (type === "aws:ec2/instance:Instance") return props.userData ?? decode(props.userDataBase64);
    return undefined;
}

export const vaultEc2UserData: ResourceValidationPolicy = {
    name: "strongroom-vault-ec2-user-data",
    description: "A Vault server configuration written by EC2 user data must use the awskms seal and must not disable TLS.",
    remediationSteps: 'Render user data with infra/vault-ec2/user-data.ts, which writes seal "awskms" and a TLS listener.',
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const text = userDataOf(args.type, args.props);
        if (text === undefined || !isVaultConfig(text)) return args.notApplicable("No Vault server configuration in this resource's user data");
        if (!hasAwsKmsSeal(text)) reportViolation('the Vault configuration has no seal "awskms" block.');
        if (disablesTls(text)) reportViolation("the Vault listener disables TLS.");
    },
};
