// The Fluent Bit [SERVICE] section the CloudWatch Observability add-on runs with, flushing every second instead of
// the add-on's five: each line of Vault's audit stream reaches CloudWatch Logs (and the replication function's
// subscription) within a second of being written, so a change in Vault reaches Secrets Manager within seconds.
// Everything else is the add-on chart's default section; the chart appends its own @INCLUDE lines after it.
// Default: https://github.com/aws-observability/helm-charts (charts/amazon-cloudwatch-observability/values.yaml,
// containerLogs.fluentBit.config.service); the add-on takes it through configurationValues
// (https://github.com/aws/containers-roadmap/issues/2471: no @INCLUDE lines in it).
// https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/classic-mode/configuration-file#config_section

/** Seconds between Fluent Bit's flushes to CloudWatch Logs. */
export const FLUENT_BIT_FLUSH_SECONDS = 1;

export function renderFluentBitService(): string {
    return `[SERVICE]
  Flush                     ${FLUENT_BIT_FLUSH_SECONDS}
  Grace                     30
  Log_Level                 error
  Daemon                    off
  Parsers_File              parsers.conf
  storage.path              /var/fluent-bit/state/flb-storage/
  storage.sync              normal
  storage.checksum          off
  storage.backlog.mem_limit 5M
`;
}

/** The add-on's configurationValues (JSON): only the service section differs from its defaults. */
export function observabilityAddonConfiguration(): string {
    return JSON.stringify({ containerLogs: { fluentBit: { config: { service: renderFluentBitService() } } } });
}
