// Who may use the Kubernetes API, by EKS access entry (authenticationMode API: only the creator is admin otherwise).
// Two lists, never one: break-glass admins, reviewed, who may do anything (port-forward for vault:init, delete pods
// for upgrades); and viewers, who may only look. The CI preview role runs the code of any pull request before review,
// so it is a viewer: AmazonEKSViewPolicy reads most objects but no Secret, no pods/exec, no pods/portforward and no
// nodes/proxy. AmazonEKSAdminViewPolicy is not "view": it reads every Secret (the TLS key, Helm's release records)
// and its `get` on pods/exec is enough to exec over a WebSocket (kubernetes/kubernetes#78741).
// Access policy contents: https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export const ACCESS_POLICIES = {
    admin: "AmazonEKSClusterAdminPolicy",
    viewer: "AmazonEKSViewPolicy",
} as const;

export interface AccessEntriesArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Break-glass admins (cluster-admin). Default: none; the creator (deploy role) is admin already. */
    readonly adminRoleArns: string[];
    /** Read-only identities, the CI preview role among them. Default: none. */
    readonly viewerRoleArns: string[];
}

export function accessEntries(name: string, args: AccessEntriesArgs, parent: pulumi.Resource): void {
    const grant = (kind: keyof typeof ACCESS_POLICIES, principalArn: string, i: number) => {
        const entry = new aws.eks.AccessEntry(`${name}-${kind}-${i}`, { clusterName: args.clusterName, principalArn, type: "STANDARD" }, { parent });
        new aws.eks.AccessPolicyAssociation(
            `${name}-${kind}-${i}`,
            {
                clusterName: args.clusterName,
                principalArn: entry.principalArn,
                policyArn: pulumi.interpolate`arn:${args.partition}:eks::aws:cluster-access-policy/${ACCESS_POLICIES[kind]}`,
                accessScope: { type: "cluster" },
            },
            { parent },
        );
    };
    args.adminRoleArns.forEach((arn, i) => grant("admin", arn, i));
    args.viewerRoleArns.forEach((arn, i) => grant("viewer", arn, i));
}
