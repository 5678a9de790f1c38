// Usage the plan cannot know, stated once: every estimate prints the ones it used, and the README lists them.
export interface Assumption {
    readonly value: number;
    readonly unit: string;
    readonly why: string;
}

export const ASSUMPTIONS = {
    natGb: { value: 10, unit: "GB per NAT gateway per month", why: "Vault releases and OS packages; AWS API calls use the VPC endpoints instead" },
    endpointGb: { value: 1, unit: "GB per interface endpoint per month", why: "KMS, STS, Secrets Manager, SNS and Logs API calls are small" },
    lcu: { value: 1, unit: "LCU (or NLCU) on average", why: "a Vault cluster's API traffic stays below one capacity unit most hours" },
    tableGb: { value: 1, unit: "GB in Vault's DynamoDB table", why: "Vault's storage for thousands of secrets" },
    tableWrites: { value: 2, unit: "million writes per month", why: "the HA lock renewals and Vault's own writes" },
    tableReads: { value: 10, unit: "million reads per month", why: "standbys polling the lock and client reads" },
    kmsRequests: { value: 10_000, unit: "requests per key per month", why: "unseal, data-key and envelope calls by Vault and the services" },
    logGb: {
        value: 1,
        unit: "GB ingested per log group per month",
        why: "audit, function and cluster logs of a small Vault; set your own volume for busy clusters",
    },
    functionSeconds: {
        value: 30,
        unit: "seconds per replication run",
        why: "a steady-state sync of a few hundred secrets (README benchmark: 1,000 in about 1 s of calls, plus start-up)",
    },
    snapshotGb: { value: 0.1, unit: "GB per Raft snapshot", why: "Vault's storage for thousands of secrets" },
    secretChanges: { value: 300, unit: "Secrets Manager writes per month", why: "about ten changed secrets a day" },
} satisfies Record<string, Assumption>;

/** The default for --secrets: how many secrets the replication function keeps in Secrets Manager. */
export const DEFAULT_SECRETS = 100;
