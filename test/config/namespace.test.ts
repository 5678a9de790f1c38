// Class: eks-raft's namespace is one the stack alone owns (it labels it restricted and deletes it): not one of
// Kubernetes' own, not under the reserved kube- prefix, not one the stack gives another component; and a DNS label.
import * as assert from "assert";
import { OBSERVABILITY_NAMESPACE } from "../../infra/vault-eks/log-shipping";
import { CERT_MANAGER_NAMESPACE } from "../../infra/vault-eks/vault-tls";
import { KUBERNETES_NAMESPACES } from "../../stacks/config-namespace";
import { accepted, refused } from "../support/config-verdict";
import { one, planWith } from "../support/stack";

const KEY = "strongroom:namespace";

describe("config class: the Kubernetes namespace", () => {
    it("refuses Kubernetes' own namespaces and the kube- prefix, and those of the stack's other components", () => {
        for (const name of [...KUBERNETES_NAMESPACES, "kube-vault", "kube-", CERT_MANAGER_NAMESPACE, OBSERVABILITY_NAMESPACE]) {
            refused("prod", { [KEY]: name }, KEY, name);
        }
        for (const name of ["vault", "vault-prod-eu", "kubevault", "default-vault", "my-kube-system", "cert-manager-2"])
            accepted("prod", { [KEY]: name }, name);
    });

    it("takes DNS labels of 1 to 63 characters; 64, upper case and edge dashes are refused", () => {
        for (const length of [1, 62, 63]) accepted("prod", { [KEY]: "v".repeat(length) }, String(length));
        for (const bad of ["v".repeat(64), "Vault", "-vault", "vault-", "vault_prod", "vault.prod", ""])
            refused("prod", { [KEY]: bad }, KEY, JSON.stringify(bad));
    });

    it("the stack creates the namespace it is given and labels it restricted", async () => {
        const run = await planWith("prod", { [KEY]: "vault-prod-eu" }, "prod-namespace");
        const ns = one(run, "kubernetes:core/v1:Namespace");
        assert.strictEqual(ns.inputs.metadata.name, "vault-prod-eu");
        assert.strictEqual(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
    });
});
