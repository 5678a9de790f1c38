import { X509Certificate } from "node:crypto";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";

/** Keys ALB and ACM accept that are at least 112-bit strong: RSA of 2048 bits or more, NIST P-256 and up. */
const STRONG_CURVES = ["prime256v1", "secp384r1", "secp521r1"];
const ACM_STRONG = ["RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"];
const TLS_CURVES = ["P256", "P384", "P521"];

/** What is weak about a PEM certificate's public key; undefined when the text is not (yet) a certificate. */
function certificateKeyProblem(pem: unknown): string | undefined {
    if (typeof pem !== "string" || !pem.includes("BEGIN CERTIFICATE")) return undefined;
    let key;
    try {
        key = new X509Certificate(pem).publicKey;
    } catch {
        return undefined;
    }
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === "rsa" && (details.modulusLength ?? 0) < 2048) return `an RSA key of ${details.modulusLength} bits`;
    if (key.asymmetricKeyType === "ec" && !STRONG_CURVES.includes(String(details.namedCurve))) return `an EC key on ${details.namedCurve}`;
    return undefined;
}

export const tlsKeyStrength: ResourceValidationPolicy = {
    name: "strongroom-tls-key-strength",
    description:
        "Keys behind the stack's TLS are strong: ACM certificates requested with RSA 2048+ or EC P-256+ (unset is RSA_2048) or imported with such a key, and IAM server certificates (both read from the certificate); keys made by the tls provider RSA 2048+ (unset is 2048) or ECDSA on P256, P384 or P521 (unset is P224, below 128-bit strength).",
    remediationSteps:
        'Use keyAlgorithm EC_prime256v1 or RSA_2048 on ACM certificates, and tls.PrivateKey { algorithm: "ECDSA", ecdsaCurve: "P256" } or RSA with rsaBits >= 2048.',
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const props = args.props;
        if (args.type === "aws:acm/certificate:Certificate") {
            // Unset is RSA_2048 (AWS_DEFAULTS acm.keyAlgorithm).
            if (props.keyAlgorithm !== undefined && !ACM_STRONG.includes(String(props.keyAlgorithm)))
                reportViolation(`keyAlgorithm ${props.keyAlgorithm} is weaker than RSA 2048 or EC P-256.`);
            const weak = certificateKeyProblem(props.certificateBody);
            if (weak) reportViolation(`the imported certificate has ${weak}.`);
            return;
        }
        if (args.type === "aws:iam/serverCertificate:ServerCertificate") {
            // The other store a load balancer takes certificates from; only the public certificate is read.
            const weak = certificateKeyProblem(props.certificateBody);
            if (weak) reportViolation(`the server certificate has ${weak}.`);
            return;
        }
        if (args.type === "tls:index/privateKey:PrivateKey") {
            const algorithm = String(props.algorithm ?? "");
            // Unset rsaBits is 2048 (AWS_DEFAULTS tls.rsaBits).
            if (algorithm === "RSA" && Number(props.rsaBits ?? 2048) < 2048) reportViolation(`rsaBits ${props.rsaBits} is below 2048.`);
            if (algorithm === "ECDSA" && !TLS_CURVES.includes(String(props.ecdsaCurve ?? "P224")))
                reportViolation(`ecdsaCurve is ${props.ecdsaCurve ?? defaultNote("tls.ecdsaCurve")}, below P256.`);
            return;
        }
        return args.notApplicable("Policy only applies to ACM and IAM server certificates and tls private keys");
    },
};
