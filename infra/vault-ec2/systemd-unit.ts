// The hardened systemd unit for Vault, after the seed lab's and HashiCorp's own. Pure: returns the file's text.
// Directives: https://www.freedesktop.org/software/systemd/man/systemd.exec.html

export const VAULT_BINARY = "/usr/local/bin/vault";
export const VAULT_CONFIG_DIR = "/etc/vault.d";
export const VAULT_CONFIG = `${VAULT_CONFIG_DIR}/vault.hcl`;

export function renderSystemdUnit(): string {
    return `[Unit]
Description=HashiCorp Vault (Strongroom)
Documentation=https://developer.hashicorp.com/vault/docs
Requires=network-online.target
After=network-online.target
ConditionFileNotEmpty=${VAULT_CONFIG}
# No start limit: while KMS is unreachable the awskms seal fails at start, and Vault must keep trying until KMS is
# back, then unseal by itself. RestartSec paces the tries.
StartLimitIntervalSec=0

[Service]
Type=notify
User=vault
Group=vault
ProtectSystem=full
ProtectHome=read-only
PrivateTmp=yes
PrivateDevices=yes
SecureBits=keep-caps
AmbientCapabilities=CAP_IPC_LOCK
CapabilityBoundingSet=CAP_SYSLOG CAP_IPC_LOCK
NoNewPrivileges=yes
ExecStart=${VAULT_BINARY} server -config=${VAULT_CONFIG}
ExecReload=/bin/kill --signal HUP $MAINPID
KillMode=process
# SIGTERM, as HashiCorp's HA upgrade procedure stops a node: Vault releases leadership and the HA lock before it
# exits, so a standby takes over at once (https://developer.hashicorp.com/vault/docs/upgrading/vault-ha-upgrade).
KillSignal=SIGTERM
Restart=always
RestartSec=10
TimeoutStopSec=30
LimitNOFILE=65536
LimitMEMLOCK=infinity
# No core dumps: a dump of Vault's memory holds the root key and every secret in flight.
LimitCORE=0

[Install]
WantedBy=multi-user.target
`;
}
