// Refuses a kubernetesVersion change EKS would refuse, before anything changes: a running cluster moves one minor
// version at a time and never back. Reads the running cluster's version (eks:ListClusters, eks:DescribeCluster);
// a stack whose cluster does not exist yet has nothing to check.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { upgradeStepProblem } from "../infra/vault-eks/kubernetes-versions";
import { ConfigError } from "./config";

export async function refuseSkippedKubernetesMinor(clusterName: string, wanted: string, stack: string, opts: pulumi.InvokeOptions): Promise<void> {
    const clusters = await aws.eks.getClusters({}, opts);
    if (!(clusters.names ?? []).includes(clusterName)) return;
    const running = await aws.eks.getCluster({ name: clusterName }, opts);
    const problem = upgradeStepProblem(running.version, wanted);
    if (problem) throw new ConfigError(stack, [{ key: "strongroom:kubernetesVersion", message: `is ${wanted}: ${problem}` }]);
}
