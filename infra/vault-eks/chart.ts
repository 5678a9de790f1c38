// The one pin of the official vault chart: the stack's default, the schema the tests validate against
// (vendor/vault-helm/Chart.yaml must say the same), and the Vault version that chart ships.
export const VAULT_CHART = {
    chart: "vault",
    repo: "https://helm.releases.hashicorp.com",
    version: "0.34.1",
    appVersion: "2.0.4",
} as const;
