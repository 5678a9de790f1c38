// Where each Vault node is, from the infrastructure rather than from Vault (a sealed node is missing from Vault's
// own view): the Auto Scaling group's instances (ec2), the StatefulSet's pods through the Kubernetes API (eks: the
// headless service's names resolve only inside the cluster), or a fixed list.
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { call } from "./https";
import { Discovery } from "./settings";

export interface NodeTarget {
    readonly name: string;
    readonly url: string;
    /** The name its certificate must carry, when verified against the stack's CA. */
    readonly servername?: string;
}

export const VAULT_PORT = 8200;

export async function discoverNodes(d: Discovery, region: string, timeoutMs: number, serverNameSuffix?: string): Promise<NodeTarget[]> {
    switch (d.kind) {
        case "static":
            return d.addresses.map((url) => ({ name: new URL(url).host, url }));
        case "asg":
            return asgNodes(d.groupName, region);
        case "kubernetes":
            return (await podAddresses(d, region, timeoutMs)).map((p) => ({
                name: p.name,
                url: `https://${p.ip}:${VAULT_PORT}`,
                servername: serverNameSuffix ? `${p.name}.${serverNameSuffix}` : undefined,
            }));
    }
}

/** In-service (or pending) instances of the group, by private IP. Instances with no IP yet count as nodes that do not answer. */
async function asgNodes(groupName: string, region: string): Promise<NodeTarget[]> {
    const group = (await new AutoScalingClient({ region }).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] })))
        .AutoScalingGroups?.[0];
    const ids = (group?.Instances ?? []).filter((i) => !/^Terminat/.test(i.LifecycleState ?? "")).map((i) => i.InstanceId!);
    if (ids.length === 0) return [];
    const reservations = (await new EC2Client({ region }).send(new DescribeInstancesCommand({ InstanceIds: ids }))).Reservations ?? [];
    const ips = new Map(reservations.flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId!, i.PrivateIpAddress]));
    return ids.map((id) => ({ name: id, url: ips.get(id) ? `https://${ips.get(id)}:${VAULT_PORT}` : "" }));
}

/** The Vault server pods (the chart's labels), with their IPs; a pod with no IP yet is kept, with none. */
async function podAddresses(d: Extract<Discovery, { kind: "kubernetes" }>, region: string, timeoutMs: number): Promise<{ name: string; ip: string }[]> {
    const token = await eksToken(d.clusterName, region);
    const selector = encodeURIComponent("app.kubernetes.io/name=vault,component=server");
    const reply = await call(`${d.endpoint.replace(/\/+$/, "")}/api/v1/namespaces/${d.namespace}/pods?labelSelector=${selector}`, {
        ca: d.caPem,
        timeoutMs,
        bearer: token,
    });
    if (reply.status !== 200) throw new Error(`kubernetes-${reply.status}`);
    return ((reply.body?.items ?? []) as any[]).map((p) => ({ name: String(p.metadata?.name), ip: String(p.status?.podIP ?? "") }));
}

/** `aws eks get-token`: a presigned sts:GetCallerIdentity for this cluster, as EKS's authenticator expects it. */
export async function eksToken(clusterName: string, region: string): Promise<string> {
    const [{ defaultProvider }, { Hash }, { SignatureV4 }] = await Promise.all([
        import("@aws-sdk/credential-provider-node"),
        import("@smithy/hash-node"),
        import("@smithy/signature-v4"),
    ]);
    const signer = new SignatureV4({ credentials: defaultProvider(), region, service: "sts", sha256: Hash.bind(null, "sha256") });
    const host = `sts.${region}.amazonaws.com`;
    const signed = (await signer.presign(
        {
            method: "GET",
            protocol: "https:",
            hostname: host,
            path: "/",
            query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
            headers: { host, "x-k8s-aws-id": clusterName },
        } as never,
        { expiresIn: 60 },
    )) as unknown as { query: Record<string, string> };
    const query = new URLSearchParams(signed.query).toString();
    return `k8s-aws-v1.${Buffer.from(`https://${host}/?${query}`).toString("base64url")}`;
}
