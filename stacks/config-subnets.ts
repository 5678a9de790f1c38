// Existing subnet lists: "one per zone" means each subnet once, in one list only; and the public list has an
// effect only where something uses it, an internet-facing load balancer of ec2-dynamodb (infra/vault-ec2/cluster.ts).
import type { ConfigIssue } from "./config-error";

export interface SubnetFields {
    readonly layout: string;
    readonly loadBalancerScheme?: string;
    readonly existingPrivateSubnetIds?: string[];
    readonly existingPublicSubnetIds?: string[];
}

export function subnetIssues(c: SubnetFields): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const add = (key: string, message: string) => issues.push({ key: `strongroom:${key}`, message });
    for (const key of ["existingPrivateSubnetIds", "existingPublicSubnetIds"] as const) {
        const seen = new Map<string, number>();
        (c[key] ?? []).forEach((id, i) => {
            const first = seen.get(id.toLowerCase());
            if (first === undefined) seen.set(id.toLowerCase(), i);
            else add(`${key}[${i}]`, `${id} is already item [${first}]; list each subnet once (one per availability zone), then remove this item`);
        });
    }
    const privateIds = new Set((c.existingPrivateSubnetIds ?? []).map((id) => id.toLowerCase()));
    (c.existingPublicSubnetIds ?? []).forEach((id, i) => {
        if (privateIds.has(id.toLowerCase()))
            add(
                `existingPublicSubnetIds[${i}]`,
                `${id} is also in strongroom:existingPrivateSubnetIds; a subnet is private (no route from the internet) or public, not both`,
            );
    });
    if (c.existingPublicSubnetIds !== undefined) {
        const unused =
            c.layout === "eks-raft"
                ? "has no effect on eks-raft: its load balancer is internal and runs in the private subnets"
                : c.loadBalancerScheme === "internal"
                  ? "has no effect with strongroom:loadBalancerScheme internal: only an internet-facing load balancer uses public subnets"
                  : undefined;
        if (unused) add("existingPublicSubnetIds", `${unused}; remove it with \`pulumi config rm strongroom:existingPublicSubnetIds\``);
    }
    return issues;
}
