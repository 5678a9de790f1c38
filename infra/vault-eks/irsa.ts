// IAM Roles for Service Accounts: a role only one Kubernetes service account can assume.
// https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../iam";

/** Trust bound to exactly `system:serviceaccount:<namespace>:<serviceAccount>` with audience sts.amazonaws.com. */
export function irsaTrust(
    oidcProviderArn: pulumi.Input<string>,
    issuerUrl: pulumi.Input<string>,
    namespace: string,
    serviceAccount: string,
): pulumi.Output<string> {
    return pulumi.output(issuerUrl).apply((url) => {
        const host = url.replace(/^https:\/\//, "");
        return policyDocument([
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${host}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ]);
    });
}
