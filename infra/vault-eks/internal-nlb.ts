// An internal NLB to the active Vault pod, for clients in the VPC (the replication function).
//
// Pulumi's Service await would wait for ready endpoints as well as the load balancer's address (pulumi-kubernetes
// provider/pkg/await/service.go: "Service does not target any Pods"). This Service selects `vault-active: "true"`,
// which no pod carries before `npm run vault:init`, so that await could only time out after 10 minutes and fail the
// first `pulumi up`. `pulumi.com/waitFor` replaces the built-in await (pulumi-kubernetes >= 4.18.4, PR #3344) with
// the one condition that does not depend on Vault: the cloud's load balancer has a hostname. Skipping the await
// altogether would not do: the replication function's VAULT_ADDR is that hostname, empty right after creation.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RELEASE_NAME } from "./helm-values";

/** Waits only for the address AWS gives the load balancer, which exists whether or not any pod is ready. */
export const LOAD_BALANCER_HOSTNAME_WAIT = "jsonpath={.status.loadBalancer.ingress[0].hostname}";

export interface InternalNlbArgs {
    readonly namespace: pulumi.Input<string>;
    /** Only these networks may connect (the NLB keeps client addresses). */
    readonly sourceCidrs: pulumi.Input<string>[];
}

/** Returns the https:// address clients use. */
export function internalNlb(name: string, args: InternalNlbArgs, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
    const service = new k8s.core.v1.Service(
        name,
        {
            metadata: {
                namespace: args.namespace,
                name: "vault-internal-nlb",
                annotations: {
                    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
                    "pulumi.com/waitFor": LOAD_BALANCER_HOSTNAME_WAIT,
                },
            },
            spec: {
                type: "LoadBalancer",
                loadBalancerSourceRanges: args.sourceCidrs,
                selector: { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": RELEASE_NAME, component: "server", "vault-active": "true" },
                ports: [{ name: "https", port: 443, targetPort: 8200, protocol: "TCP" }],
            },
        },
        opts,
    );
    return service.status.loadBalancer.ingress.apply((ingress) => `https://${ingress[0].hostname}`);
}
