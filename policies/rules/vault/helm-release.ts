import { ResourceValidationPolicy } from "@pulumi/policy";
import { disablesTls, hasAwsKmsSeal } from "../../lib/vault-config";

const TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart"];
const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

export const vaultHelmRelease: ResourceValidationPolicy = {
    name: "strongroom-vault-helm-release",
    description:
        "A Helm release of the vault chart must run HA Raft with an odd number (3 or more) of replicas, the awskms seal, TLS on, an IRSA role, and no public LoadBalancer.",
    remediationSteps:
        'Render values with infra/vault-eks/helm-values.ts, or set server.ha.{enabled,raft.enabled}, server.ha.replicas (odd, >= 3), seal "awskms" in server.ha.raft.config, global.tlsDisable false, and the IRSA annotation on server.serviceAccount.',
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type) || args.props.chart !== "vault") return args.notApplicable("Policy only applies to Helm releases of the vault chart");
        const values = args.props.values ?? {};
        const server = values.server ?? {};
        const ha = server.ha ?? {};
        if (ha.enabled !== true || ha.raft?.enabled !== true) reportViolation("server.ha.enabled and server.ha.raft.enabled must both be true.");
        const replicas = Number(ha.replicas ?? 3);
        if (replicas < 3 || replicas % 2 === 0) reportViolation(`server.ha.replicas is ${replicas}; Raft needs an odd number, at least 3.`);
        const config = String(ha.raft?.config ?? "");
        if (!hasAwsKmsSeal(config)) reportViolation('the Raft config has no seal "awskms" block: every pod restart would need unseal keys.');
        if (values.global?.tlsDisable !== false || disablesTls(config)) reportViolation("TLS is disabled (the chart's global.tlsDisable defaults to true).");
        if (!server.serviceAccount?.annotations?.[IRSA_ANNOTATION])
            reportViolation(`server.serviceAccount has no ${IRSA_ANNOTATION} annotation for auto-unseal through IRSA.`);
        for (const [where, type, annotations] of [
            ["server.service", server.service?.type, server.service?.annotations],
            ["ui", values.ui?.serviceType, values.ui?.annotations],
        ]) {
            const internal =
                annotations?.["service.beta.kubernetes.io/aws-load-balancer-internal"] === "true" ||
                annotations?.["service.beta.kubernetes.io/aws-load-balancer-scheme"] === "internal";
            if (type === "LoadBalancer" && !internal) reportViolation(`${where} is a public LoadBalancer.`);
        }
    },
};
