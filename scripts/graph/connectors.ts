// Resources drawn as edges, not boxes: who reaches whom. Each row reads one connector type's inputs and
// dependencies (a security group rule's groups, a route's table and gateway, a listener's target group, an
// EventBridge target, a backup selection, a Kubernetes service's selector).
import type { RecordedResource } from "../offline/recorder";
import type { GraphContext } from "./model";

/** A plan resource (drawn as the box standing for it) or the id of an outside box. */
export type Endpoint = RecordedResource | string;

export interface ConnectorEdge {
    readonly from: Endpoint[];
    readonly to: Endpoint[];
    readonly label: string;
}

type Connector = (r: RecordedResource, ctx: GraphContext) => ConnectorEdge[];

const port = (r: RecordedResource) =>
    r.inputs.ipProtocol === "-1" ? "all traffic" : r.inputs.fromPort === r.inputs.toPort ? `${r.inputs.fromPort}` : `${r.inputs.fromPort}-${r.inputs.toPort}`;

/** The boxes in a security group: every shown resource attached to it. */
function members(group: RecordedResource | undefined, ctx: GraphContext): Endpoint[] {
    return group ? ctx.nodesOf(group).map((n) => n.id) : [];
}

/** The other side of a rule: a referenced group's members, the VPC whose block it names, or an outside range. */
function peer(rule: RecordedResource, ctx: GraphContext, direction: "from" | "to"): Endpoint[] {
    const referenced = ctx.index.dependencies(rule, "referencedSecurityGroupId")[0];
    if (referenced) return members(referenced, ctx);
    const vpc = ctx.index.dependencies(rule, "cidrIpv4")[0];
    if (vpc) return [vpc];
    const cidr = String(rule.inputs.cidrIpv4 ?? rule.inputs.cidrIpv6 ?? rule.inputs.prefixListId);
    return [ctx.external(`${direction}-${cidr}`, direction === "from" ? `clients ${cidr}` : `${cidr}: ${rule.inputs.description ?? "egress"}`, rule)];
}

const ingress: Connector = (rule, ctx) => {
    const group = ctx.index.dependencies(rule, "securityGroupId")[0];
    return [{ from: peer(rule, ctx, "from"), to: members(group, ctx), label: port(rule) }];
};

const egress: Connector = (rule, ctx) => {
    const group = ctx.index.dependencies(rule, "securityGroupId")[0];
    return [{ from: members(group, ctx), to: peer(rule, ctx, "to"), label: port(rule) }];
};

export const CONNECTORS: Record<string, Connector> = {
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ingress,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": egress,
    "aws:ec2/route:Route": (route, ctx) => {
        const table = ctx.index.dependencies(route, "routeTableId")[0];
        const gateway = [...ctx.index.dependencies(route, "natGatewayId"), ...ctx.index.dependencies(route, "gatewayId")];
        if (!table) return [];
        const subnets = ctx.index
            .dependentsOf(table)
            .filter((d) => d.resource.type === "aws:ec2/routeTableAssociation:RouteTableAssociation")
            .flatMap((d) => ctx.index.dependencies(d.resource, "subnetId"));
        return [{ from: subnets, to: gateway, label: `route ${route.inputs.destinationCidrBlock}` }];
    },
    "aws:lb/listener:Listener": (listener, ctx) => {
        const lb = ctx.index.dependencies(listener, "loadBalancerArn");
        return ctx.index.dependencies(listener, "defaultActions").map((group) => {
            const targets = ctx.index
                .dependentsOf(group)
                .filter((d) => d.input !== "dimensions" && d.resource.type !== listener.type)
                .map((d) => d.resource);
            const health = group.inputs.healthCheck?.path ? `, health ${group.inputs.healthCheck.path}` : "";
            return { from: lb, to: targets, label: `${group.inputs.protocol} ${group.inputs.port}${health}` };
        });
    },
    "aws:cloudwatch/eventTarget:EventTarget": (target, ctx) => [
        { from: ctx.index.dependencies(target, "rule"), to: ctx.index.dependencies(target, "arn"), label: "invokes" },
    ],
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": (filter, ctx) => [
        { from: ctx.index.dependencies(filter, "logGroup"), to: ctx.index.dependencies(filter, "destinationArn"), label: "audit events" },
    ],
    "aws:lambda/eventSourceMapping:EventSourceMapping": (mapping, ctx) => [
        { from: ctx.index.dependencies(mapping, "eventSourceArn"), to: ctx.index.dependencies(mapping, "functionName"), label: "one batch at a time" },
    ],
    "aws:backup/selection:Selection": (selection, ctx) => {
        const plan = ctx.index.dependencies(selection, "planId")[0];
        const vaults = plan ? ctx.index.dependencies(plan, "rules") : [];
        const rule = plan?.inputs.rules?.[0];
        const label = rule ? `backup ${rule.schedule}, kept ${rule.lifecycle?.deleteAfter} days` : "backup";
        return [{ from: ctx.index.dependencies(selection, "resources"), to: vaults, label }];
    },
    "kubernetes:core/v1:Service": (service, ctx) => {
        const selector = service.inputs.spec?.selector ?? {};
        const releases = ctx.index.resources.filter(
            (r) =>
                r.type === "kubernetes:helm.sh/v3:Release" &&
                r.inputs.name === selector["app.kubernetes.io/instance"] &&
                r.inputs.namespace === service.inputs.metadata?.namespace,
        );
        const ports = (service.inputs.spec?.ports ?? []).map((p: any) => `${p.protocol ?? "TCP"} ${p.port} → ${p.targetPort}`).join(", ");
        const clients = (service.inputs.spec?.loadBalancerSourceRanges ?? []).map((cidr: string) => ctx.external(`from-${cidr}`, `clients ${cidr}`, service));
        return [
            { from: [service], to: releases, label: ports },
            { from: clients, to: [service], label: (service.inputs.spec?.ports ?? []).map((p: any) => `${p.port}`).join(", ") },
        ];
    },
};
