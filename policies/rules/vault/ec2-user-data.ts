import { ResourceValidationPolicy } from "@pulumi/policy";
import { configProblems, parseVaultConfig, vaultConfigsIn } from "../../lib/vault-config";

function userDataOf(type: string, props: Record<string, any>): string | undefined {
    const decode = (b64: unknown) => (typeof b64 === "string" ? Buffer.from(b64, "base64").toString("utf8") : undefined);
    if (type === "aws:ec2/launchTemplate:LaunchTemplate") return decode(props.userData);
    if (type === "aws:ec2/instance:Instance" || type === "aws:ec2/launchConfiguration:LaunchConfiguration")
        return props.userData ?? decode(props.userDataBase64);
    return undefined;
}

export const vaultEc2UserData: ResourceValidationPolicy = {
    name: "strongroom-vault-ec2-user-data",
    description:
        'A Vault server configuration written by EC2 user data (launch templates, instances, launch configurations; cloud-config files or shell heredocs), read with an HCL parser, must have an enabled awskms seal and no listener with TLS disabled (as Vault reads booleans: 1, "t", "TRUE" all disable).',
    remediationSteps: 'Render user data with infra/vault-ec2/user-data.ts, which writes seal "awskms" and a TLS listener.',
    enforcementLevel: "mandatory",
    validateResource: async (args, reportViolation) => {
        const text = userDataOf(args.type, args.props);
        const configs = text === undefined ? [] : vaultConfigsIn(text);
        if (configs.length === 0) return args.notApplicable("No Vault server configuration in this resource's user data");
        for (const config of configs) {
            try {
                configProblems(await parseVaultConfig(config)).forEach((p) => reportViolation(`${p}.`));
            } catch (err) {
                reportViolation(`the Vault configuration in user data cannot be parsed (${(err as Error).message.split("\n")[0]}).`);
            }
        }
    },
};
