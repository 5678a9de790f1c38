import { ResourceValidationPolicy } from "@pulumi/policy";

const PUBLIC_PORTS = [80, 443];
const PRIVATE_V4 = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

/** A CIDR that spans the internet: 0.0.0.0/0, ::/0, or any public range of /8 (/16 for IPv6) or wider. */
export function spansInternet(cidr: string): boolean {
    const [address, bits] = String(cidr).split("/");
    const prefix = Number(bits);
    if (address.includes(":")) return prefix <= 16 && !/^f[cd]/i.test(address);
    return prefix <= 8 && !PRIVATE_V4.some((r) => r.test(address));
}

/** Protocol -1 (or "all") is all traffic: AWS ignores the port fields and opens every port (AWS_DEFAULTS ec2.allProtocols). */
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
        case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
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
        "Ingress from the internet (0.0.0.0/0, ::/0, or any public /8 or wider) is allowed only to ports 443 and 80 (the load balancer), never to 8200, 8201, 22, a range or all traffic (protocol -1, whatever its ports say), on security groups, their rules (legacy and VPC) and a VPC's default security group, which must hold no rule at all.",
    remediationSteps: "Restrict the rule to your client networks (strongroom:allowedCidrs) or to another security group.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const rules = rulesOf(args.type, args.props);
        if (!rules) return args.notApplicable("Policy only applies to security groups and their rules");
        if (
            args.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" &&
            ((args.props.ingress ?? []).length > 0 || (args.props.egress ?? []).length > 0)
        )
            reportViolation("the VPC's default security group has rules: anything launched without a group gets them (CIS AWS 5.4: it must allow nothing).");
        for (const r of rules.filter((x) => x.cidrs.some(spansInternet))) {
            if (r.from !== r.to || !PUBLIC_PORTS.includes(r.from)) reportViolation(`${r.where} opens ports ${r.from}-${r.to} to the internet.`);
        }
    },
};
