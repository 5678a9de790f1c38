// Renders /etc/vault.d/vault.hcl for a Vault node on EC2 from typed settings. Pure: no Pulumi, no I/O.
// Reference: https://developer.hashicorp.com/vault/docs/configuration
import { renderSeal } from "../seal-stanza";
import { hstsHeadersBlock } from "../vault-listener";

/** Replaced with the node's private IP by the boot script (found through IMDSv2). */
export const NODE_IP_PLACEHOLDER = "@NODE_IP@";

export interface VaultServerSettings {
    readonly region: string;
    /** DynamoDB table holding Vault's data. */
    readonly tableName: string;
    /** KMS key id or ARN for auto-unseal. */
    readonly unsealKeyId: string;
    /** During a seal migration, the key Vault's root key was wrapped with until now; after one, that it happened. */
    readonly sealMigration?: { readonly previousUnsealKeyId?: string };
    /** Where the boot script writes the node's certificate and key. */
    readonly tlsCertFile: string;
    readonly tlsKeyFile: string;
    /** The node's address, or NODE_IP_PLACEHOLDER. */
    readonly nodeAddress: string;
    /** Networks whose X-Forwarded-For Vault trusts (the load balancer's subnets), so audit logs show real clients. */
    readonly forwardedForCidrs: string[];
    /** Where the listener binds, and its API and cluster ports. Default: 0.0.0.0, 8200, 8201 (the rehearsal uses loopback). */
    readonly listen?: { readonly address: string; readonly apiPort: number; readonly clusterPort: number };
    /** An AWS API endpoint for DynamoDB and KMS instead of AWS's own. Default: none (the rehearsal's emulator sets it). */
    readonly awsEndpoint?: string;
    /** A separate endpoint for KMS only. Default: awsEndpoint (the rehearsal cuts KMS alone through it). */
    readonly kmsEndpoint?: string;
}

export function renderVaultHcl(s: VaultServerSettings): string {
    const { address, apiPort, clusterPort } = s.listen ?? { address: "0.0.0.0", apiPort: 8200, clusterPort: 8201 };
    const endpointOf = (url?: string) => (url ? `\n  endpoint   = ${quote(url)}` : "");
    return `# Rendered by Strongroom (infra/vault-ec2/server-config.ts). The boot script writes it once per instance: change the stack and replace the nodes (instance refresh).
ui            = true
disable_mlock = false
api_addr      = ${quote(`https://${s.nodeAddress}:${apiPort}`)}
cluster_addr  = ${quote(`https://${s.nodeAddress}:${clusterPort}`)}

# DynamoDB with HA locking: any one unsealed node takes the lock and serves; no quorum is needed.
# No credentials here: the AWS SDK uses the instance role.
storage "dynamodb" {
  ha_enabled = "true"
  region     = ${quote(s.region)}
  table      = ${quote(s.tableName)}${endpointOf(s.awsEndpoint)}
}

# Auto-unseal: the node decrypts its root key with KMS at start-up, so a restart needs no operator.
${renderSeal({
    region: s.region,
    unsealKeyId: s.unsealKeyId,
    previousUnsealKeyId: s.sealMigration?.previousUnsealKeyId,
    migrated: s.sealMigration !== undefined,
    endpoint: s.kmsEndpoint ?? s.awsEndpoint,
})}

listener "tcp" {
  address                            = ${quote(`${address}:${apiPort}`)}
  cluster_address                    = ${quote(`${address}:${clusterPort}`)}
  tls_cert_file                      = ${quote(s.tlsCertFile)}
  tls_key_file                       = ${quote(s.tlsKeyFile)}
  tls_min_version                    = "tls12"
  x_forwarded_for_authorized_addrs   = ${quote(s.forwardedForCidrs.join(","))}
  x_forwarded_for_reject_not_present = false

${hstsHeadersBlock()}

  telemetry {
    unauthenticated_metrics_access = false
  }
}

telemetry {
  disable_hostname          = true
  prometheus_retention_time = "24h"
}
`;
}

/** An HCL string literal. HCL escapes like JSON, and `${` / `%{` would start a template, so those are doubled. */
function quote(value: string): string {
    return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}
