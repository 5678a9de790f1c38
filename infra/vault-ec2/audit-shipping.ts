// Vault's audit trail on EC2: a file audit device (vault:configure enables it at AUDIT_LOG), rotated by logrotate
// with a SIGHUP (Vault reopens the file), and shipped by the CloudWatch agent to a KMS-encrypted log group, so the
// records outlive the instance. Pure: each function returns a file's text.
// https://developer.hashicorp.com/vault/docs/audit/file (log rotation with SIGHUP)
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html

export const AUDIT_DIR = "/var/log/vault";
export const AUDIT_LOG = `${AUDIT_DIR}/audit.log`;
export const CLOUDWATCH_AGENT_CONFIG = "/opt/aws/amazon-cloudwatch-agent/etc/strongroom-audit.json";
export const CLOUDWATCH_AGENT_CTL = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";

/**
 * Seconds the agent keeps log lines before sending them. Its default is 5, which alone would put a change in Vault
 * 2.5 s (on average) to 5 s behind in Secrets Manager: the audit lines trigger replication, so they go every second.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 */
export const AGENT_FORCE_FLUSH_SECONDS = 1;

/** The agent's config: tail the audit log into `logGroupName`, one stream per instance, flushed every second. */
export function renderCloudWatchAgentConfig(logGroupName: string): string {
    const config = {
        agent: { logfile: "/opt/aws/amazon-cloudwatch-agent/logs/amazon-cloudwatch-agent.log" },
        logs: {
            force_flush_interval: AGENT_FORCE_FLUSH_SECONDS,
            logs_collected: {
                files: {
                    collect_list: [
                        {
                            file_path: AUDIT_LOG,
                            log_group_name: logGroupName,
                            log_stream_name: "{instance_id}",
                            // The log group is the stack's (retention and key set there): the agent must not change it.
                            retention_in_days: -1,
                        },
                    ],
                },
            },
        },
    };
    return JSON.stringify(config, null, 2) + "\n";
}

/** Daily rotation, a week kept on disk (CloudWatch keeps the record), and Vault told to reopen the file. */
export function renderLogrotateConfig(): string {
    return `${AUDIT_LOG} {
    daily
    maxsize 100M
    rotate 7
    missingok
    notifempty
    compress
    delaycompress
    create 0600 vault vault
    postrotate
        /usr/bin/systemctl reload vault.service >/dev/null 2>&1 || true
    endscript
}
`;
}
