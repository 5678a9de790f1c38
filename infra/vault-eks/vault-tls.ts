// TLS for Vault pods, renewed without a person. Pulumi makes the private CA (the trust anchor clients pin, a public
// output); cert-manager (a pinned chart) issues the server certificate from it into a Kubernetes Secret and renews it
// a month before it expires; a sidecar in each Vault pod sends Vault SIGHUP when the mounted file changes (see
// tls-reloader.ts), so the new certificate is served with no restart. The server key is made in the cluster and
// never leaves it; the CA key lives in Pulumi state (a secret) and in one Kubernetes Secret only cert-manager reads.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { createHash } from "crypto";
import { CERT_MANAGER_CHART } from "./cert-manager-chart";
import { RELEASE_NAME } from "./helm-values";

export const CERT_MANAGER_NAMESPACE = "cert-manager";

/** Lifetimes, in hours. The server certificate renews itself; the CA renews on any `pulumi up` in its last two years. */
export const CERT_LIFETIMES = {
    serverHours: 90 * 24,
    serverRenewBeforeHours: 30 * 24,
    caHours: 10 * 365 * 24,
    caEarlyRenewalHours: 2 * 365 * 24,
} as const;

export interface VaultTlsArgs {
    readonly namespace: pulumi.Input<string>;
    readonly region: string;
    /** Whatever cert-manager's pods need to run (the node group). */
    readonly nodes: pulumi.Resource;
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
    /** When the CA expires (RFC 3339): a `pulumi up` in its last two years renews it. */
    readonly caValidUntil: pulumi.Output<string>;
    /** Ready once the first server certificate is in its Secret. */
    readonly certificate: k8s.apiextensions.CustomResource;

    constructor(name: string, args: VaultTlsArgs, opts: pulumi.ComponentResourceOptions & { provider: k8s.Provider }) {
        super("strongroom:vault-eks:VaultTls", name, {}, opts);
        const k8sOpts = { parent: this, provider: opts.provider };
        const caKey = new tls.PrivateKey(`${name}-ca-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
        const ca = new tls.SelfSignedCert(
            `${name}-ca`,
            {
                privateKeyPem: caKey.privateKeyPem,
                subject: { commonName: "Strongroom Vault CA", organization: "Strongroom" },
                isCaCertificate: true,
                validityPeriodHours: CERT_LIFETIMES.caHours,
                earlyRenewalHours: CERT_LIFETIMES.caEarlyRenewalHours,
                allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
            },
            { parent: this },
        );

        const certManager = new k8s.helm.v3.Release(
            `${name}-cert-manager`,
            {
                name: "cert-manager",
                chart: CERT_MANAGER_CHART.chart,
                version: CERT_MANAGER_CHART.version,
                repositoryOpts: { repo: CERT_MANAGER_CHART.repo },
                namespace: CERT_MANAGER_NAMESPACE,
                createNamespace: true,
                values: { crds: { enabled: true, keep: true } },
                atomic: false,
                // Waits for cert-manager's own pods (not Vault's): the issuer below needs its webhook.
                skipAwait: false,
            },
            { ...k8sOpts, dependsOn: [args.nodes] },
        );
        const caSecret = new k8s.core.v1.Secret(
            `${name}-ca-secret`,
            {
                metadata: { namespace: args.namespace, name: `${RELEASE_NAME}-ca` },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": ca.certPem, "tls.key": pulumi.secret(caKey.privateKeyPem) },
            },
            k8sOpts,
        );
        // Named after the CA, so a new CA makes a new issuer and cert-manager re-issues at once (the Secret's
        // issuer-name annotation no longer matches): clients and server switch trust in the same `pulumi up`.
        const issuerName = ca.certPem.apply((pem) => `${RELEASE_NAME}-ca-${createHash("sha256").update(pem).digest("hex").slice(0, 8)}`);
        const issuer = new k8s.apiextensions.CustomResource(
            `${name}-issuer`,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "Issuer",
                metadata: { namespace: args.namespace, name: issuerName },
                spec: { ca: { secretName: caSecret.metadata.name } },
            },
            { ...k8sOpts, dependsOn: [certManager] },
        );
        const namespace = pulumi.output(args.namespace);
        this.certificate = new k8s.apiextensions.CustomResource(
            `${name}-server`,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                metadata: {
                    namespace: args.namespace,
                    name: `${RELEASE_NAME}-server`,
                    // cert-manager sets Ready when the Secret holds a valid certificate: independent of Vault's state.
                    annotations: { "pulumi.com/waitFor": "condition=Ready" },
                },
                spec: {
                    secretName: `${RELEASE_NAME}-server-tls`,
                    duration: `${CERT_LIFETIMES.serverHours}h`,
                    renewBefore: `${CERT_LIFETIMES.serverRenewBeforeHours}h`,
                    commonName: namespace.apply((ns) => `${RELEASE_NAME}.${ns}.svc`),
                    dnsNames: namespace.apply((ns) => vaultDnsNames(ns, args.region)),
                    ipAddresses: ["127.0.0.1"],
                    privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
                    usages: ["server auth", "client auth", "digital signature", "key encipherment"],
                    issuerRef: { name: issuer.metadata.name, kind: "Issuer", group: "cert-manager.io" },
                },
            },
            k8sOpts,
        );
        this.secretName = pulumi.output(`${RELEASE_NAME}-server-tls`);
        this.caCertPem = ca.certPem;
        this.caValidUntil = ca.validityEndTime;
        this.registerOutputs({ secretName: this.secretName, caCertPem: this.caCertPem });
    }
}
