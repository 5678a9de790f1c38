// The Application Load Balancer in front of Vault: HTTPS only, and only unsealed, initialised nodes in service.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { fit, NAME_LIMIT } from "../names";
import { HSTS } from "../vault-listener";

export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * Vault's /v1/sys/health answers 200 active, 429 unsealed standby, 473 performance standby, 501 not initialised,
 * 503 sealed (https://developer.hashicorp.com/vault/api-docs/system/health). Standbys forward to the active node,
 * so they serve too; sealed and uninitialised nodes never do. Two checks 5 s apart take a dead node out in ~10 s.
 */
export const HEALTH_CHECK = {
    enabled: true,
    path: "/v1/sys/health",
    protocol: "HTTPS",
    port: "traffic-port",
    matcher: "200,429,473",
    interval: 5,
    timeout: 3,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
};

export interface VaultLoadBalancerArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly securityGroupId: pulumi.Input<string>;
    readonly internal: boolean;
    /** An ACM certificate for the listener. Default: a self-signed one made and imported by this component. */
    readonly certificateArn?: string;
    readonly deletionProtection: boolean;
}

export class VaultLoadBalancer extends pulumi.ComponentResource {
    readonly dnsName: pulumi.Output<string>;
    readonly arnSuffix: pulumi.Output<string>;
    readonly targetGroupArn: pulumi.Output<string>;
    readonly targetGroupArnSuffix: pulumi.Output<string>;
    /** The listener's CA certificate when self-signed (public, for clients to trust); undefined with ACM. */
    readonly caCertPem?: pulumi.Output<string>;
    /** When that self-signed certificate expires (RFC 3339); undefined with ACM. */
    readonly caValidUntil?: pulumi.Output<string>;

    constructor(name: string, args: VaultLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-ec2:LoadBalancer", name, {}, opts);
        const parent = { parent: this };
        const alb = new aws.lb.LoadBalancer(
            fit(`${name}-alb`, NAME_LIMIT.loadBalancer),
            {
                loadBalancerType: "application",
                internal: args.internal,
                subnets: args.subnetIds,
                securityGroups: [args.securityGroupId],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: args.deletionProtection,
                idleTimeout: 60,
            },
            parent,
        );
        const targets = new aws.lb.TargetGroup(
            fit(`${name}-tg`, NAME_LIMIT.loadBalancer),
            {
                vpcId: args.vpcId,
                port: 8200,
                protocol: "HTTPS",
                targetType: "instance",
                deregistrationDelay: 30,
                healthCheck: HEALTH_CHECK,
            },
            parent,
        );

        let certificateArn: pulumi.Input<string>;
        if (args.certificateArn) {
            certificateArn = args.certificateArn;
        } else {
            const selfSigned = this.selfSignedCertificate(name, alb.dnsName);
            certificateArn = selfSigned.arn;
            this.caCertPem = selfSigned.certPem;
            this.caValidUntil = selfSigned.validUntil;
        }
        new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: alb.arn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: TLS_POLICY,
                certificateArn,
                defaultActions: [{ type: "forward", targetGroupArn: targets.arn }],
                // Vault sends HSTS itself; the ALB adds it to the answers it makes (502/503 with no healthy node) too.
                routingHttpResponseStrictTransportSecurityHeaderValue: HSTS,
            },
            parent,
        );
        new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: alb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            },
            parent,
        );

        this.dnsName = alb.dnsName;
        this.arnSuffix = alb.arnSuffix;
        this.targetGroupArn = targets.arn;
        this.targetGroupArnSuffix = targets.arnSuffix;
        this.registerOutputs({ dnsName: this.dnsName, targetGroupArn: this.targetGroupArn });
    }

    /**
     * So a stack deploys with nothing but AWS credentials. The private key lives only in Pulumi state, encrypted as a
     * secret, and in ACM; clients must trust caCertPem. Clients pin this certificate itself, so it is a trust anchor:
     * a new one reaches them only through a deploy (the function's VAULT_CA_CERT). Hence ten years, re-created by any
     * `pulumi up` in the last two; the listener then names the new import, which the ALB serves without a restart.
     */
    private selfSignedCertificate(name: string, dnsName: pulumi.Output<string>) {
        const parent = { parent: this };
        const key = new tls.PrivateKey(`${name}-tls-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, parent);
        const cert = new tls.SelfSignedCert(
            `${name}-tls-cert`,
            {
                privateKeyPem: key.privateKeyPem,
                // The load balancer's DNS name can pass the 64-character limit of a common name; clients match the SAN.
                subject: { commonName: "Strongroom Vault", organization: "Strongroom" },
                dnsNames: [dnsName],
                validityPeriodHours: 10 * 365 * 24,
                earlyRenewalHours: 2 * 365 * 24,
                allowedUses: ["digital_signature", "key_encipherment", "server_auth", "cert_signing"],
                isCaCertificate: true,
            },
            parent,
        );
        const imported = new aws.acm.Certificate(`${name}-cert`, { privateKey: key.privateKeyPem, certificateBody: cert.certPem }, parent);
        return { arn: imported.arn, certPem: cert.certPem, validUntil: cert.validityEndTime };
    }
}
