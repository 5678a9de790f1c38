// A kubeconfig that authenticates with `aws eks get-token`: it holds no credential itself.
import * as pulumi from "@pulumi/pulumi";

export function kubeconfig(
    clusterName: pulumi.Input<string>,
    endpoint: pulumi.Input<string>,
    caData: pulumi.Input<string>,
    region: string,
): pulumi.Output<string> {
    return pulumi.all([clusterName, endpoint, caData]).apply(([name, server, ca]) =>
        JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
            contexts: [{ name, context: { cluster: name, user: name } }],
            "current-context": name,
            users: [
                {
                    name,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "aws",
                            args: ["eks", "get-token", "--cluster-name", name, "--region", region],
                        },
                    },
                },
            ],
        }),
    );
}
