import { ResourceValidationPolicy } from "@pulumi/policy";
import { USER_DATA_TYPES, userDataOf, userDataTexts } from "../../lib/user-data";
import { ContainerSpec, devModeInContainer, devModeInScript } from "../../lib/vault-dev-mode";
import { vaultBool } from "../../lib/vault-config";
import { HELM_TYPES, isVaultChart } from "./helm-release";

/** Kubernetes workloads and their patches, in every API version @pulumi/kubernetes has: they all hold pod templates. */
const WORKLOAD =
    /^kubernetes:(core|apps|batch|extensions)\/v[0-9a-z]+:(Pod|PodTemplate|ReplicationController|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)(Patch)?$/;
const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"];
const ECS_TYPES = ["aws:ecs/taskDefinition:TaskDefinition", "aws:ecs/daemonTaskDefinition:DaemonTaskDefinition"];

/** Every container of a pod spec, wherever the workload nests it (spec, template.spec, jobTemplate.spec.template.spec). */
function podContainers(o: unknown, where: string, out: { where: string; c: any }[] = []): { where: string; c: any }[] {
    if (!o || typeof o !== "object") return out;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
        const path = where ? `${where}.${k}` : k;
        if (CONTAINER_LISTS.includes(k) && Array.isArray(v)) v.forEach((c, i) => out.push({ where: `${path}[${i}]`, c }));
        else if (typeof v === "object") podContainers(v, path, out);
    }
    return out;
}

const k8sSpec = (c: any): ContainerSpec => ({ image: c?.image, command: c?.command, args: c?.args, env: (c?.env ?? []).map((e: any) => String(e?.name)) });
/** ECS and Batch: `entryPoint` replaces the ENTRYPOINT, `command` the CMD. */
const ecsSpec = (c: any): ContainerSpec => ({
    image: c?.image,
    command: c?.entryPoint,
    args: c?.command,
    env: (c?.environment ?? []).map((e: any) => String(e?.name)),
});
const parsed = (v: unknown): any => {
    if (typeof v !== "string") return v;
    try {
        return JSON.parse(v);
    } catch {
        return undefined;
    }
};

/** Where a resource starts Vault, and what in each place runs it in dev mode. */
function findings(type: string, props: Record<string, any>): { where: string; found: string[] }[] | undefined {
    if (USER_DATA_TYPES.includes(type))
        return (userDataOf(type, props) ?? []).map((raw, i) => ({ where: `user data ${i}`, found: userDataTexts(raw).flatMap(devModeInScript) }));
    if (WORKLOAD.test(type)) return podContainers(props, "").map(({ where, c }) => ({ where, found: devModeInContainer(k8sSpec(c)) }));
    if (ECS_TYPES.includes(type))
        return ((parsed(props.containerDefinitions) as any[]) ?? []).map((c, i) => ({
            where: `containerDefinitions[${i}]`,
            found: devModeInContainer(ecsSpec(c)),
        }));
    if (type === "aws:batch/jobDefinition:JobDefinition") {
        const c = parsed(props.containerProperties);
        return c ? [{ where: "containerProperties", found: devModeInContainer(ecsSpec(c)) }] : [];
    }
    if (type === "aws:apprunner/service:Service") {
        const repo = props.sourceConfiguration?.imageRepository;
        const config = repo?.imageConfiguration ?? {};
        const env = Object.keys(config.runtimeEnvironmentVariables ?? {});
        return repo ? [{ where: "imageRepository", found: devModeInContainer({ image: repo.imageIdentifier, args: config.startCommand, env }) }] : [];
    }
    if (HELM_TYPES.includes(type) && isVaultChart(props.chart)) {
        const server = props.values?.server ?? {};
        const found: string[] = [];
        if (vaultBool(server.dev?.enabled) !== false) found.push("server.dev.enabled");
        if (server.extraArgs) found.push(...devModeInScript(`vault server ${String(server.extraArgs)}`).map((f) => `server.extraArgs ${f}`));
        const env = [...Object.keys(server.extraEnvironmentVars ?? {}), ...(server.extraSecretEnvironmentVars ?? []).map((e: any) => String(e?.envName))];
        found.push(...env.filter((n) => /^VAULT_DEV_/.test(n)).map((n) => `${n} (read only by a dev server)`));
        const extra = podContainers({ containers: server.extraContainers ?? [], initContainers: server.extraInitContainers ?? [] }, "server");
        return [{ where: "values", found }, ...extra.map(({ where, c }) => ({ where, found: devModeInContainer(k8sSpec(c)) }))];
    }
    return undefined;
}

export const vaultDevMode: ResourceValidationPolicy = {
    name: "strongroom-vault-dev-mode",
    description:
        "Nothing starts Vault in dev mode (in memory, unsealed, root token printed, no TLS, no HA), in any form: `vault server` with -dev or a flag that implies it (-dev-tls, -dev-ha, -dev-transactional, -dev-leased-kv, -dev-auto-seal, -dev-kv-v1, -dev-no-kv, -dev-consul; one or two dashes, =true, in scripts, systemd units, cloud-config runcmd/bootcmd/write_files, MIME and gzip user data), VAULT_DEV_* variables, HashiCorp's Vault image run without command and args (its CMD is `server -dev`), or the vault Helm chart's server.dev.enabled, server.extraArgs and extra variables and containers. Judged on EC2 user data (instances, launch templates, launch configurations, spot requests, Lightsail, Image Builder), Kubernetes workloads of every kind, ECS task definitions, Batch job definitions, App Runner services and Helm releases of the vault chart.",
    remediationSteps:
        "Run `vault server -config=<file>` with an awskms seal and a TLS listener (infra/vault-ec2/user-data.ts), or the chart in HA Raft mode (infra/vault-eks/helm-values.ts).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const places = findings(args.type, args.props);
        if (!places) return args.notApplicable("Policy only applies to resources that start programs: user data, containers, Helm releases of the vault chart");
        for (const { where, found } of places) for (const f of found) reportViolation(`${where} runs Vault in dev mode: ${f}.`);
    },
};
