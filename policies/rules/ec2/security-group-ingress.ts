import { ResourceValidationPolicy } from "@pulumi/policy";

const ANYWHERE = ["0.0.0.0/0", "::/0"];
const PUBLIC_PORTS = [80, 443];

/** Protocol -1 (or "all") is all traffic: AWS ignores the port fields and opens every port. */
const ALL_TRAFFIC = ["-1", "all"];

interface Ingress {
    where: string;
    from: number;
    to: number;
    cidrs: string[];
}

/** The ports a rule really opens. */
function ports(protocol: unknown, from: number, to: number): { from: number; to: number } {
    return ALL_TRAFFIC.includes(String(protocol).toLowerCase()) ? { from: 0, to: 65535 } : { from, to };
}

function rulesOf(type: string, props: Record<string, any>): Ingress[] | undefined {
    switch (type) {
        case "aws:ec2/securityGroup:SecurityGroup":
            return (props.ingress ?? []).map((r: any, i: number) => ({
                where: `ingress[${i}]`,
                ...ports(r.protocol, r.fromPort, r.toPort),
                cidrs: [...(r.cidrBlocks ?? []), ...(r.ipv6CidrBlocks ?? [])],
            }));
        case "aws:ec2/securityGroupRule:SecurityGroupRule":
            return props.type === "ingress"
                ? [
                      {
                          where: "rule",
                          ...ports(props.protocol, props.fromPort, props.toPort),
                          cidrs: [...(props.cidrBlocks ?? []), ...(props.ipv6CidrBlocks ?? [])],
                      },
                  ]
                : [];
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            return [
                {
                    where: "rule",
                    ...ports(props.ipProtocol, props.fromPort ?? 0, props.toPort ?? 65535),
                    cidrs: [props.cidrIpv4, props.cidrIpv6].filter(Boolean),
                },
            ];
        default:
            return undefined;
    }
}

export const securityGroupIngress: ResourceValidationPolicy = {
    name: "strongroom-ec2-security-group-ingress",
    description:
        "Ingress from anywhere (0.0.0.0/0 or ::/0) is allowed only to ports 443 and 80 (the load balancer), never to 8200, 8201, 22, a range or all traffic (protocol -1, whatever its ports say).",
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
