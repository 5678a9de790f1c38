// eks-raft's strongroom:namespace: the stack creates it, labels it Pod Security "restricted" and deletes it with the
// stack, so it must be a namespace the stack alone owns. Kubernetes starts with default, kube-node-lease,
// kube-public and kube-system, and reserves the kube- prefix for its own ("Avoid creating namespaces with the prefix
// kube-", https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces); the
// stack installs cert-manager and the CloudWatch Observability add-on in namespaces of their own. A namespace name
// is an RFC 1123 label: at most 63 lower-case letters, digits and -, starting and ending with a letter or digit
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names).
import { z } from "zod";
import { OBSERVABILITY_NAMESPACE } from "../infra/vault-eks/log-shipping";
import { CERT_MANAGER_NAMESPACE } from "../infra/vault-eks/vault-tls";

export const KUBERNETES_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"] as const;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function namespaceProblem(name: string): string | undefined {
    if (name.length > 63) return `is ${name.length} characters long; a namespace name is a DNS label of at most 63`;
    if (!DNS_LABEL.test(name)) return "must be a Kubernetes namespace name: lower-case letters, digits and -, starting and ending with a letter or digit";
    if ((KUBERNETES_NAMESPACES as readonly string[]).includes(name) || name.startsWith("kube-"))
        return `is one of Kubernetes' own namespaces (${KUBERNETES_NAMESPACES.join(", ")}; kube- is reserved), which the stack would relabel restricted and delete with itself; use a namespace of its own, e.g. vault`;
    if (name === CERT_MANAGER_NAMESPACE || name === OBSERVABILITY_NAMESPACE)
        return `is where the stack installs ${name === CERT_MANAGER_NAMESPACE ? "cert-manager" : "the CloudWatch Observability add-on"}; give Vault a namespace of its own, e.g. vault`;
    return undefined;
}

export const namespaceName = z.string().superRefine((value, ctx) => {
    const problem = namespaceProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
