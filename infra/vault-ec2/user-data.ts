// Renders the cloud-init boot script of a Vault node: user, verified binary, per-node TLS, config, unit.
// Pure: returns bash text. Every value is shell-quoted; the script holds no secret (the TLS key is made on the node).
import { NODE_IP_PLACEHOLDER, renderVaultHcl, VaultServerSettings } from "./server-config";
import { AUDIT_DIR, CLOUDWATCH_AGENT_CONFIG, CLOUDWATCH_AGENT_CTL, renderCloudWatchAgentConfig, renderLogrotateConfig } from "./audit-shipping";
import { renderSystemdUnit, VAULT_BINARY, VAULT_CONFIG, VAULT_CONFIG_DIR } from "./systemd-unit";
import { tlsRenewalBootLines } from "./tls-renewal";

/** HashiCorp's release-signing key (https://www.hashicorp.com/security). */
export const HASHICORP_KEY_FINGERPRINT = "C874011F0AB405110D02105534365D9472D7468F";
export const TLS_DIR = "/opt/vault/tls";
/** Packages the boot script installs from AL2023's repositories (test/aws-rules checks them against AL2023's facts). */
export const AL2023_INSTALLS = ["unzip", "openssl", "logrotate", "amazon-cloudwatch-agent"];

export interface UserDataSettings extends Omit<VaultServerSettings, "nodeAddress" | "tlsCertFile" | "tlsKeyFile"> {
    readonly vaultVersion: string;
    readonly arch: "amd64" | "arm64";
    /** Base URL laid out like https://releases.hashicorp.com/vault. */
    readonly downloadUrl: string;
    /** The log group the CloudWatch agent ships the audit log to. */
    readonly auditLogGroup: string;
}

export function renderUserData(s: UserDataSettings): string {
    const hcl = renderVaultHcl({ ...s, nodeAddress: NODE_IP_PLACEHOLDER, tlsCertFile: `${TLS_DIR}/vault.crt`, tlsKeyFile: `${TLS_DIR}/vault.key` });
    const zip = `vault_${s.vaultVersion}_linux_${s.arch}.zip`;
    const sums = `vault_${s.vaultVersion}_SHA256SUMS`;
    return `#!/bin/bash
# Vault node bootstrap, rendered by Strongroom (infra/vault-ec2/user-data.ts).
set -euo pipefail
umask 077

readonly VAULT_VERSION=${sh(s.vaultVersion)}
readonly RELEASES=${sh(`${s.downloadUrl.replace(/\/$/, "")}/${s.vaultVersion}`)}
readonly KEY_FINGERPRINT=${sh(HASHICORP_KEY_FINGERPRINT)}

# IMDSv2 only: a session token first, then the metadata read.
imds() {
  local token
  token=$(curl -sf -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" http://169.254.169.254/latest/api/token)
  curl -sf -H "X-aws-ec2-metadata-token: \${token}" "http://169.254.169.254/latest/meta-data/$1"
}
NODE_IP=$(imds local-ipv4)
readonly NODE_IP

# AL2023 ships gnupg2-minimal and curl-minimal, which conflict with gnupg2 and curl: their gpg and curl are enough
# to verify and fetch the release (https://docs.aws.amazon.com/linux/al2023/ug/minimized-pkg-dependencies.html).
dnf install -y -q ${AL2023_INSTALLS.join(" ")}

id vault >/dev/null 2>&1 || useradd --system --home-dir /etc/vault.d --shell /sbin/nologin vault

# Install the pinned release only if HashiCorp's signature over the checksums and the checksum itself both hold.
work=$(mktemp -d)
trap 'rm -rf "\${work}"' EXIT
cd "\${work}"
curl -sfSL --retry 5 -o ${sh(zip)} "\${RELEASES}/"${sh(zip)}
curl -sfSL --retry 5 -o ${sh(sums)} "\${RELEASES}/"${sh(sums)}
curl -sfSL --retry 5 -o ${sh(`${sums}.sig`)} "\${RELEASES}/"${sh(`${sums}.sig`)}
curl -sfSL --retry 5 -o hashicorp.asc https://www.hashicorp.com/.well-known/pgp-key.txt
export GNUPGHOME="\${work}/gnupg"
mkdir -m 0700 "\${GNUPGHOME}"
gpg --batch --quiet --import hashicorp.asc
# VALIDSIG ends with the signing key's primary fingerprint: only HashiCorp's key is accepted, whatever else was imported.
status=$(gpg --batch --status-fd 1 --verify ${sh(`${sums}.sig`)} ${sh(sums)} 2>/dev/null)
grep -q "^\\[GNUPG:\\] VALIDSIG .* \${KEY_FINGERPRINT}$" <<<"\${status}" || { echo "release checksums are not signed by HashiCorp" >&2; exit 1; }
grep " ${zip}$" ${sh(sums)} | sha256sum --check --strict -
unzip -o -q ${sh(zip)} vault -d /usr/local/bin
chmod 0755 ${VAULT_BINARY}
echo "installed Vault \${VAULT_VERSION}"

# Per-node TLS: the key is made here and never leaves the node. The load balancer does not verify targets.
# Vault's configuration (TLS files included) belongs to root and is only readable by the vault group: a
# compromised Vault cannot rewrite its own listener, seal or storage settings.
install -d -m 0750 -o root -g vault ${TLS_DIR}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \\
  -subj "/CN=vault" -addext "subjectAltName=IP:\${NODE_IP},IP:127.0.0.1,DNS:localhost" \\
  -keyout ${TLS_DIR}/vault.key -out ${TLS_DIR}/vault.crt 2>/dev/null
chown root:vault ${TLS_DIR}/vault.key ${TLS_DIR}/vault.crt
chmod 0640 ${TLS_DIR}/vault.key
chmod 0644 ${TLS_DIR}/vault.crt

install -d -m 0750 -o root -g vault ${VAULT_CONFIG_DIR}
cat > ${VAULT_CONFIG} <<'VAULT_HCL'
${hcl}VAULT_HCL
sed -i "s/${NODE_IP_PLACEHOLDER}/\${NODE_IP}/g" ${VAULT_CONFIG}
chown root:vault ${VAULT_CONFIG}
chmod 0640 ${VAULT_CONFIG}

cat > /etc/systemd/system/vault.service <<'VAULT_UNIT'
${renderSystemdUnit()}VAULT_UNIT
chmod 0644 /etc/systemd/system/vault.service

# The audit trail: a file only Vault writes, rotated with a reopen, shipped off the node as it is written.
install -d -m 0750 -o vault -g vault ${AUDIT_DIR}
cat > /etc/logrotate.d/vault <<'LOGROTATE'
${renderLogrotateConfig()}LOGROTATE
chmod 0644 /etc/logrotate.d/vault
systemctl enable --now logrotate.timer
cat > ${CLOUDWATCH_AGENT_CONFIG} <<'CWAGENT'
${renderCloudWatchAgentConfig(s.auditLogGroup)}CWAGENT
${CLOUDWATCH_AGENT_CTL} -a fetch-config -m ec2 -s -c file:${CLOUDWATCH_AGENT_CONFIG}

${tlsRenewalBootLines(TLS_DIR)}
systemctl daemon-reload
systemctl enable --now vault
systemctl enable --now vault-tls-renew.timer
`;
}

/** A single-quoted shell word. */
function sh(value: string): string {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
