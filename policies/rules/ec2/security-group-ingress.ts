import { ResourceValidationPolicy } from "@pulumi/policy";

const ANYWHERE = ["0.0.0.0/0", "::/0"];
const PUBLIC_PORTS = [80, 443];

interface Ingress {
    where: string;
    from: number;
    to: number;
    cidrs: string[];
}

function rulesOf(type: string, props: Record<string, any>): Ingress[] | undefined {
    switch (type) {
        case "aws:ec2/securityGroup:SecurityGroup":
            return (props.ingress ?? []).map((r: any, i: number) => ({
                where: `ingress[${i}]`,
                from: r.fromPort,
                to: r.toPort,
                cidrs: [...(r.cidrBlocks ?? []), ...(r.ipv6CidrBlocks ?? [])],
            }));
        case "aws:ec2/securityGroupRule:SecurityGroupRule":
            return props.type === "ingress"
                ? [{ where: "rule", from: props.fromPort, to: props.toPort, cidrs: [...(props.cidrBlocks ?? []), ...(props.ipv6CidrBlocks ?? [])] }]
                : [];
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            return [{ where: "rule", from: props.fromPort ?? 0, to: props.toPort ?? 65535, cidrs: [props.cidrIpv4, props.cidrIpv6].filter(Boolean) }];
        default:
            return undefined;
    }
}

export const securityGroupIngress: ResourceValidationPolicy = {
    name: "strongroom-ec2-security-group-ingress",
    description: "Ingress from anywhere (0.0.0.0/0 or ::/0) is allowed only to ports 443 and 80 (the load balancer), never to 8200, 8201, 22 or a range.",
    remediationSteps: "Restrict the rule to your client networks (strongroom:allowedCidrs) or to another security group.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const rules = rulesOf(args.type, args.props);
        if (!rules) return args.notApplicable("Policy only applies to security groups and their rules");
        for (const r of rules.filter((x) => x.cidrs.some((c) => ANYWHERE.includes(c)))) {
            if (r.from !== r.to || !PUBLIC_PORTS.includes(r.from)) reportViolation(`${r.where} opens ports ${r.from}-${r.to} to the internet.`);
        }
    },
};
