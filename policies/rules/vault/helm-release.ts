import { ResourceValidationPolicy } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import { configProblems, parseVaultConfig } from "../../lib/vault-config";

export const HELM_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart"];
const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

/** HashiCorp's vault chart however it is named: `vault`, `hashicorp/vault`, an OCI or HTTP URL, a packaged `vault-0.x.y.tgz`. */
export function isVaultChart(chart: unknown): boolean {
    const name =
        String(chart ?? "")
            .split(/[/]/)
            .pop() ?? "";
    return /^vault(-\d+\.\d+\.\d+.*\.tgz)?$/i.test(name.replace(/@.*$/, ""));
}

/** The chart's values can also be given as objects (newer charts render `config` maps as JSON). */
const configText = (c: unknown) => (c === undefined || c === null ? "" : typeof c === "string" ? c : JSON.stringify(c));

export const vaultHelmRelease: ResourceValidationPolicy = {
    name: "strongroom-vault-helm-release",
    description:
        "A Helm release of HashiCorp's vault chart (named `vault`, `hashicorp/vault`, by URL or package) must run HA Raft with an odd number (3 or more) of replicas, an enabled awskms seal and no TLS-disabled listener in its config (read with an HCL parser), TLS on (the chart's global.tlsDisable defaults to true; dev mode is strongroom-vault-dev-mode's), an IRSA role, and no public LoadBalancer.",
    remediationSteps:
        'Render values with infra/vault-eks/helm-values.ts, or set server.ha.{enabled,raft.enabled}, server.ha.replicas (odd, >= 3), seal "awskms" in server.ha.raft.config, global.tlsDisable false, and the IRSA annotation on server.serviceAccount.',
    enforcementLevel: "mandatory",
    validateResource: async (args, reportViolation) => {
        if (!HELM_TYPES.includes(args.type) || !isVaultChart(args.props.chart))
            return args.notApplicable("Policy only applies to Helm releases of the vault chart");
        const values = args.props.values ?? {};
        const server = values.server ?? {};
        const ha = server.ha ?? {};
        if (ha.enabled !== true || ha.raft?.enabled !== true) reportViolation("server.ha.enabled and server.ha.raft.enabled must both be true.");
        const replicas = Number(ha.replicas ?? 3); // the chart's default (AWS_DEFAULTS vault.chartReplicas)
        if (replicas < 3 || replicas % 2 === 0) reportViolation(`server.ha.replicas is ${replicas}; Raft needs an odd number, at least 3.`);
        const text = configText(ha.raft?.config);
        try {
            configProblems(await parseVaultConfig(text)).forEach((p) => reportViolation(`server.ha.raft.config: ${p}.`));
        } catch (err) {
            reportViolation(`server.ha.raft.config cannot be parsed (${(err as Error).message.split("\n")[0]}).`);
        }
        if (values.global?.tlsDisable !== false) reportViolation(`TLS is disabled (global.tlsDisable ${defaultNote("vault.chartTls")}).`);
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
