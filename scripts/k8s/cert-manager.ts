// cert-manager's part in the API-server tests and the eks rehearsal, which run no cert-manager (its CRDs and
// controller come with its chart, installed by the stack from the Jetstack repository): a Certificate is replaced by
// the Secret cert-manager issues for it (type kubernetes.io/tls with tls.crt, tls.key and ca.crt, the keys its CA
// issuer writes: https://cert-manager.io/docs/configuration/ca/), the Issuer, which only cert-manager reads, is left
// out, and the CA Secret it names holds a real CA pair in place of the offline plan's placeholders (the API server
// checks a kubernetes.io/tls Secret's PEM). The stack's Certificate itself is judged by the offline class checks
// (test/aws-rules/certificates.test.ts).
import { Manifest } from "./client";

export interface IssuedTls {
    readonly caCert: string;
    readonly caKey: string;
    readonly cert: string;
    readonly key: string;
}

/** The manifests as the API server holds them once cert-manager has issued every Certificate with `tls`. */
export function asIssuedByCertManager(manifests: Manifest[], tls: IssuedTls): Manifest[] {
    const caSecrets = new Set(manifests.filter((m) => m.apiVersion === "cert-manager.io/v1" && m.kind === "Issuer").map((m) => m.spec.ca?.secretName));
    return manifests.flatMap((m): Manifest[] => {
        if (m.apiVersion === "cert-manager.io/v1" && m.kind === "Issuer") return [];
        if (m.kind === "Secret" && caSecrets.has(m.metadata.name)) return [{ ...m, stringData: { "tls.crt": tls.caCert, "tls.key": tls.caKey } }];
        if (m.apiVersion !== "cert-manager.io/v1" || m.kind !== "Certificate") return [m];
        return [
            {
                apiVersion: "v1",
                kind: "Secret",
                type: "kubernetes.io/tls",
                metadata: { name: m.spec.secretName, namespace: m.metadata.namespace },
                stringData: { "ca.crt": tls.caCert, "tls.crt": tls.cert, "tls.key": tls.key },
            },
        ];
    });
}
