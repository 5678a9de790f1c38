// cert-manager's part in the API-server tests and the eks rehearsal, which run no cert-manager (its CRDs and
// controller come with its chart, installed by the stack from the Jetstack repository): a Certificate is replaced by
// the Secret cert-manager issues for it (type kubernetes.io/tls with tls.crt, tls.key and ca.crt, the keys its CA
// issuer writes: https://cert-manager.io/docs/configuration/ca/), and the Issuer, which only cert-manager reads, is
// left out. The stack's Certificate itself is judged by the offline class checks (test/aws-rules/certificates.test.ts).
import { Manifest } from "./client";

export interface IssuedTls {
    readonly caCert: string;
    readonly cert: string;
    readonly key: string;
}

/** The manifests as the API server holds them once cert-manager has issued every Certificate with `tls`. */
export function asIssuedByCertManager(manifests: Manifest[], tls: IssuedTls): Manifest[] {
    return manifests.flatMap((m): Manifest[] => {
        if (m.apiVersion === "cert-manager.io/v1" && m.kind === "Issuer") return [];
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
