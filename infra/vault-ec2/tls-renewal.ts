// Renewal of a Vault node's own TLS certificate (made by the boot script, valid NODE_CERT_DAYS): a systemd timer
// runs a script daily that re-issues it, with the same names and a new key, once fewer than RENEW_DAYS remain, and
// reloads Vault (`systemctl reload vault`: the unit's ExecReload sends SIGHUP, on which Vault re-reads tls_cert_file:
// https://developer.hashicorp.com/vault/docs/configuration/listener/tcp). Nodes live as long as the launch template
// does not change, so without this an old node would serve an expired certificate. Pure: returns file texts.

/** As the boot script issues it. */
export const NODE_CERT_DAYS = 825;
export const RENEW_DAYS = 30;
export const RENEW_SCRIPT = "/usr/local/sbin/vault-tls-renew";

/** The renewal script (bash). Paths and the reload command come from the environment only in tests. */
export function renderTlsRenewScript(tlsDir: string): string {
    return `#!/bin/bash
# Renews this node's Vault certificate when fewer than ${RENEW_DAYS} days remain, and makes Vault serve it (SIGHUP).
set -euo pipefail
umask 077
readonly CERT="\${VAULT_TLS_CERT:-${tlsDir}/vault.crt}"
readonly KEY="\${VAULT_TLS_KEY:-${tlsDir}/vault.key}"
readonly RELOAD="\${VAULT_RELOAD:-systemctl reload vault}"

if openssl x509 -checkend $((${RENEW_DAYS} * 86400)) -noout -in "\${CERT}" >/dev/null; then
  exit 0
fi
# The same names as the certificate it replaces (the node's address, 127.0.0.1, localhost).
san=$(openssl x509 -noout -ext subjectAltName -in "\${CERT}" | tail -n 1 | sed -e 's/IP Address:/IP:/g' -e 's/ //g')
dir=$(dirname "\${CERT}")
work=$(mktemp -d "\${dir}/renew.XXXXXX")
trap 'rm -rf "\${work}"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days ${NODE_CERT_DAYS} \\
  -subj "/CN=vault" -addext "subjectAltName=\${san}" \\
  -keyout "\${work}/vault.key" -out "\${work}/vault.crt" 2>/dev/null
chown --reference="\${KEY}" "\${work}/vault.key" "\${work}/vault.crt"
chmod --reference="\${KEY}" "\${work}/vault.key"
chmod --reference="\${CERT}" "\${work}/vault.crt"
# Key first, then certificate: each rename is atomic, and Vault reads both only on the reload below.
mv -f "\${work}/vault.key" "\${KEY}"
mv -f "\${work}/vault.crt" "\${CERT}"
\${RELOAD}
echo "renewed \${CERT} until $(openssl x509 -noout -enddate -in "\${CERT}" | cut -d= -f2)"
`;
}

/** The daily timer and the oneshot service it starts. */
export function renderTlsRenewUnits(): { service: string; timer: string } {
    return {
        service: `[Unit]
Description=Renew Vault's TLS certificate before it expires
After=vault.service

[Service]
Type=oneshot
ExecStart=${RENEW_SCRIPT}
`,
        timer: `[Unit]
Description=Daily check of Vault's TLS certificate

[Timer]
OnCalendar=daily
RandomizedDelaySec=1h
Persistent=true

[Install]
WantedBy=timers.target
`,
    };
}

/** The boot script's lines that install and start the renewal. */
export function tlsRenewalBootLines(tlsDir: string): string {
    const units = renderTlsRenewUnits();
    return `# Renew the node's certificate before it expires; Vault serves the new one after a reload (SIGHUP).
cat > ${RENEW_SCRIPT} <<'TLS_RENEW'
${renderTlsRenewScript(tlsDir)}TLS_RENEW
chmod 0750 ${RENEW_SCRIPT}
cat > /etc/systemd/system/vault-tls-renew.service <<'TLS_RENEW_SERVICE'
${units.service}TLS_RENEW_SERVICE
cat > /etc/systemd/system/vault-tls-renew.timer <<'TLS_RENEW_TIMER'
${units.timer}TLS_RENEW_TIMER
chmod 0644 /etc/systemd/system/vault-tls-renew.service /etc/systemd/system/vault-tls-renew.timer
`;
}
