// TLS for Vault pods: a private CA and a server certificate for the chart's service names, in a Kubernetes Secret.
// Private keys exist only in Pulumi state (as secrets) and in the Secret, never in outputs.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { RELEASE_NAME } from "./helm-values";

export interface VaultTlsArgs {
    readonly namespace: pulumi.Input<string>;
    readonly region: string;
}

/** Every name a client may use: in-cluster services, each pod via the headless service, localhost, and an internal NLB. */
export function vaultDnsNames(namespace: string, region: string): string[] {
    const r = RELEASE_NAME;
    return [
        r,
        `${r}.${namespace}`,
        `${r}.${namespace}.svc`,
        `${r}.${namespace}.svc.cluster.local`,
        `${r}-active`,
        `${r}-active.${namespace}.svc`,
        `${r}-internal`,
        `*.${r}-internal`,
        `*.${r}-internal.${namespace}.svc.cluster.local`,
        "localhost",
        `*.elb.${region}.amazonaws.com`,
    ];
}

export class VaultTls extends pulumi.ComponentResource {
    readonly secretName: pulumi.Output<string>;
    /** The CA certificate (public), for clients to trust. */
    readonly caCertPem: pulumi.Output<string>;

    constructor(name: string, args: VaultTlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-eks:VaultTls", name, {}, opts);
        const parent = { parent: this };
        const caKey = new tls.PrivateKey(`${name}-ca-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, parent);
        const ca = new tls.SelfSignedCert(
            `${name}-ca`,
            {
                privateKeyPem: caKey.privateKeyPem,
                subject: { commonName: "Strongroom Vault CA", organization: "Strongroom" },
                isCaCertificate: true,
                validityPeriodHours: 5 * 365 * 24,
                earlyRenewalHours: 60 * 24,
                allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
            },
            parent,
        );
        const serverKey = new tls.PrivateKey(`${name}-server-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, parent);
        const namespace = pulumi.output(args.namespace);
        const request = new tls.CertRequest(
            `${name}-server-csr`,
            {
                privateKeyPem: serverKey.privateKeyPem,
                subject: { commonName: `${RELEASE_NAME}.vault.svc`, organization: "Strongroom" },
                dnsNames: namespace.apply((ns) => vaultDnsNames(ns, args.region)),
                ipAddresses: ["127.0.0.1"],
            },
            parent,
        );
        const server = new tls.LocallySignedCert(
            `${name}-server`,
            {
                certRequestPem: request.certRequestPem,
                caPrivateKeyPem: caKey.privateKeyPem,
                caCertPem: ca.certPem,
                validityPeriodHours: 365 * 24,
                earlyRenewalHours: 30 * 24,
                allowedUses: ["digital_signature", "key_encipherment", "server_auth", "client_auth"],
            },
            parent,
        );
        const secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            {
                metadata: { namespace: args.namespace, name: "vault-tls" },
                type: "Opaque",
                stringData: { "tls.crt": server.certPem, "tls.key": pulumi.secret(serverKey.privateKeyPem), "ca.crt": ca.certPem },
            },
            parent,
        );
        this.secretName = secret.metadata.name;
        this.caCertPem = ca.certPem;
        this.registerOutputs({ secretName: this.secretName, caCertPem: this.caCertPem });
    }
}
