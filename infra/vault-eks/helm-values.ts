// Renders values for the official hashicorp/vault chart: HA Raft, retry_join, KMS seal, TLS, spread over zones.
// Pure: no Pulumi. Keys follow the chart's values.yaml (https://github.com/hashicorp/vault-helm).
import { renderSeal } from "../seal-stanza";
import { hstsHeadersBlock } from "../vault-listener";
import { RESTRICTED_CONTAINER_CONTEXT, RESTRICTED_POD_CONTEXT } from "./pod-security";
import { reloaderContainer } from "./tls-reloader";

export const TLS_MOUNT = "/vault/userconfig/vault-tls";
export const SERVICE_ACCOUNT = "vault";
export const RELEASE_NAME = "vault";
/** Prometheus scrapes here, without a token; no Service and not the load balancer lead to this port. */
export const METRICS_PORT = 8205;

export interface VaultHelmSettings {
    readonly region: string;
    readonly unsealKeyId: string;
    readonly irsaRoleArn: string;
    readonly replicas: number;
    readonly vaultVersion: string;
    readonly namespace: string;
    /** Kubernetes Secret holding tls.crt, tls.key and ca.crt. */
    readonly tlsSecretName: string;
    readonly storageClass: string;
    readonly dataStorageSize: string;
    readonly auditStorageSize: string;
    readonly injectorEnabled: boolean;
    /** During a seal migration, the key the root key was wrapped with until now; after one, that it happened. */
    readonly sealMigration?: { readonly previousUnsealKeyId?: string };
    /** Delete each pod's volumes with the StatefulSet (a stack without deletion protection); else they are kept. */
    readonly deleteVolumesWithRelease: boolean;
}

/** The server config inside the chart's `server.ha.raft.config`, as HCL. */
export function renderRaftConfig(s: Pick<VaultHelmSettings, "region" | "unsealKeyId" | "replicas" | "sealMigration">): string {
    const joins = [...Array(s.replicas).keys()]
        .map(
            (i) => `
  retry_join {
    leader_api_addr     = "https://${RELEASE_NAME}-${i}.${RELEASE_NAME}-internal:8200"
    leader_ca_cert_file = "${TLS_MOUNT}/ca.crt"
  }`,
        )
        .join("");
    return `ui = true

# Vault 1.20+ will not start on integrated storage unless this is explicit. Locking Raft's memory-mapped database
# can exhaust a pod's memory, so HashiCorp recommends it off for integrated storage; Kubernetes nodes run without
# swap, so nothing is swapped to disk. https://developer.hashicorp.com/vault/docs/configuration#disable_mlock
disable_mlock = true

# The API: the Services and the internal load balancer lead here. Metrics need a token on this listener.
listener "tcp" {
  address         = "[::]:8200"
  cluster_address = "[::]:8201"
  tls_cert_file   = "${TLS_MOUNT}/tls.crt"
  tls_key_file    = "${TLS_MOUNT}/tls.key"
  tls_min_version = "tls12"

${hstsHeadersBlock()}
}

# Prometheus scrapes /v1/sys/metrics here without a token (the pod annotations say where). No Service, and so not
# the load balancer that admits allowedCidrs, leads to this port: only the pod network reaches it.
listener "tcp" {
  address         = "[::]:${METRICS_PORT}"
  tls_cert_file   = "${TLS_MOUNT}/tls.crt"
  tls_key_file    = "${TLS_MOUNT}/tls.key"
  tls_min_version = "tls12"

  telemetry {
    unauthenticated_metrics_access = true
  }
}

# Every pod tries every peer until one answers, so a restarted or replaced pod rejoins by itself.
storage "raft" {
  path = "/vault/data"

  # Raft's timing: 1 is the highest-performance setting (shortest heartbeat and election timeouts), which Vault
  # recommends for production servers; the default (5) suits small, slow machines. In the rehearsal a lost leader
  # cost 11.6-20.0 s before a served write at 5, 1.5-2.4 s at 1. Nodes here are dedicated m7i/m7g-class instances.
  # https://developer.hashicorp.com/vault/docs/configuration/storage/raft#performance_multiplier
  performance_multiplier = 1
${joins}
}

# Auto-unseal through IRSA: the pod's web identity token becomes the role that may use this key and no other.
${renderSeal({ region: s.region, unsealKeyId: s.unsealKeyId, previousUnsealKeyId: s.sealMigration?.previousUnsealKeyId, migrated: s.sealMigration !== undefined })}

service_registration "kubernetes" {}

telemetry {
  disable_hostname          = true
  prometheus_retention_time = "24h"
}
`;
}

export function renderHelmValues(s: VaultHelmSettings): Record<string, any> {
    const serverLabels = { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": RELEASE_NAME, component: "server" };
    return {
        global: { enabled: true, tlsDisable: false },
        // The namespace enforces Pod Security's restricted standard (pod-security.ts): the injector's pods must pass it too.
        injector: { enabled: s.injectorEnabled, securityContext: { pod: RESTRICTED_POD_CONTEXT, container: RESTRICTED_CONTAINER_CONTEXT } },
        server: {
            image: { repository: "hashicorp/vault", tag: s.vaultVersion },
            annotations: {
                "prometheus.io/scrape": "true",
                "prometheus.io/scheme": "https",
                "prometheus.io/port": String(METRICS_PORT),
                "prometheus.io/path": "/v1/sys/metrics",
                "prometheus.io/param_format": "prometheus",
            },
            // Pods are replaced one at a time by the operator (see README, upgrading), never all at once by Helm.
            updateStrategyType: "OnDelete",
            statefulSet: { securityContext: { pod: RESTRICTED_POD_CONTEXT, container: RESTRICTED_CONTAINER_CONTEXT } },
            extraEnvironmentVars: { VAULT_CACERT: `${TLS_MOUNT}/ca.crt`, VAULT_TLSSERVERNAME: `${RELEASE_NAME}.${s.namespace}` },
            volumes: [{ name: "vault-tls", secret: { secretName: s.tlsSecretName } }],
            volumeMounts: [{ name: "vault-tls", mountPath: TLS_MOUNT, readOnly: true }],
            // cert-manager renews the certificate in the Secret; the reloader makes Vault serve it (tls-reloader.ts).
            shareProcessNamespace: true,
            extraContainers: [reloaderContainer(`hashicorp/vault:${s.vaultVersion}`, "vault-tls", TLS_MOUNT)],
            persistentVolumeClaimRetentionPolicy: s.deleteVolumesWithRelease
                ? { whenDeleted: "Delete", whenScaled: "Retain" }
                : { whenDeleted: "Retain", whenScaled: "Retain" },
            // 503 while sealed and 501 before init make the pod unready, so Services never route to it.
            readinessProbe: { enabled: true, path: "/v1/sys/health?standbyok=true", port: 8200, failureThreshold: 2, periodSeconds: 5, timeoutSeconds: 3 },
            affinity: {
                podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: serverLabels }, topologyKey: "kubernetes.io/hostname" }],
                },
            },
            topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: serverLabels } },
            ],
            dataStorage: { enabled: true, size: s.dataStorageSize, storageClass: s.storageClass, accessMode: "ReadWriteOnce" },
            auditStorage: { enabled: true, size: s.auditStorageSize, storageClass: s.storageClass, accessMode: "ReadWriteOnce" },
            serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: { "eks.amazonaws.com/role-arn": s.irsaRoleArn } },
            service: { enabled: true, type: "ClusterIP" },
            ha: {
                enabled: true,
                replicas: s.replicas,
                raft: { enabled: true, setNodeId: true, config: renderRaftConfig(s) },
                disruptionBudget: { enabled: true, maxUnavailable: 1 },
            },
        },
        ui: { enabled: true, serviceType: "ClusterIP" },
    };
}
