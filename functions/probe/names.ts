// Names the probe, its infrastructure and vault:configure must agree on. No imports: the Lambda bundles this.

/** The Vault AWS auth role the probe logs in with; vault:configure binds it to the probe's IAM role. */
export const PROBE_AWS_ROLE = "strongroom-probe";
/** CloudWatch namespace of every probe metric. */
export const PROBE_NAMESPACE = "Strongroom/Vault";
