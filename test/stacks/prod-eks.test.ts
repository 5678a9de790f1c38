// The prod stack (eks-raft) under mocks.
import * as assert from "assert";
import { doc, one, ofType, planStack } from "../support/stack";
import { validateChartValues } from "../support/helm-schema";
import { DEFAULT_KUBERNETES_VERSION } from "../../infra/vault-eks/kubernetes-versions";

const stack = () => planStack("prod");

describe("prod stack (eks-raft)", () => {
    it("encrypts Kubernetes secrets with the data CMK, opens the endpoint to the deploy runners only and logs the control plane", async () => {
        const run = await stack();
        const cluster = one(run, "aws:eks/cluster:Cluster");
        assert.deepStrictEqual(cluster.inputs.encryptionConfig.resources, ["secrets"]);
        assert.match(cluster.inputs.encryptionConfig.provider.keyArn, /key\/strongroom-prod-data-key/);
        assert.strictEqual(cluster.inputs.vpcConfig.endpointPublicAccess, true);
        assert.deepStrictEqual(cluster.inputs.vpcConfig.publicAccessCidrs, ["203.0.113.0/24"]);
        assert.strictEqual(cluster.inputs.vpcConfig.endpointPrivateAccess, true);
        assert.deepStrictEqual(cluster.inputs.enabledClusterLogTypes, ["api", "audit", "authenticator"]);
        assert.strictEqual(cluster.inputs.version, DEFAULT_KUBERNETES_VERSION);
        assert.strictEqual(cluster.protect, true, "deletionProtection defaults to true");
    });

    it("gives the CI preview role a read-only access entry and the operators a break-glass admin one", async () => {
        const run = await stack();
        const byPrincipal = Object.fromEntries(
            ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => [a.inputs.principalArn, a.inputs.policyArn]),
        );
        assert.deepStrictEqual(byPrincipal, {
            "arn:aws:iam::123456789012:role/strongroom-ci-preview": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            "arn:aws:iam::123456789012:role/vault-operators": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        });
    });

    it("runs nodes over private subnets in three zones with IMDSv2 and encrypted volumes", async () => {
        const run = await stack();
        const group = one(run, "aws:eks/nodeGroup:NodeGroup");
        const subnets = ofType(run, "aws:ec2/subnet:Subnet").filter((s) => group.inputs.subnetIds.includes(`${s.name}-id`));
        assert.strictEqual(new Set(subnets.map((s) => s.inputs.availabilityZone)).size, 3);
        assert.ok(subnets.every((s) => s.name.includes("-private-")));
        const lt = one(run, "aws:ec2/launchTemplate:LaunchTemplate");
        assert.strictEqual(lt.inputs.metadataOptions.httpTokens, "required");
        assert.strictEqual(lt.inputs.metadataOptions.httpPutResponseHopLimit, 1);
        assert.strictEqual(lt.inputs.blockDeviceMappings[0].ebs.encrypted, "true");
    });

    it("binds the Vault IRSA role to exactly vault:vault with audience sts.amazonaws.com", async () => {
        const run = await stack();
        const [trust] = doc(one(run, "aws:iam/role:Role", "-vault-irsa").inputs.assumeRolePolicy).Statement;
        assert.strictEqual(trust.Action, "sts:AssumeRoleWithWebIdentity");
        assert.match(trust.Principal.Federated, /oidc/);
        const conditions = trust.Condition.StringEquals;
        const host = "oidc.eks.eu-west-1.amazonaws.com/id/MOCK" + "strongroom-prod-vault-cluster-eks".length;
        assert.deepStrictEqual(conditions, { [`${host}:sub`]: "system:serviceaccount:vault:vault", [`${host}:aud`]: "sts.amazonaws.com" });
    });

    it("gives the IRSA role the three unseal actions on the unseal key only", async () => {
        const run = await stack();
        const statements = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-irsa-unseal").inputs.policy).Statement;
        const key = `arn:aws:kms:eu-west-1:123456789012:key/${one(run, "aws:kms/key:Key", "-unseal-key").name}-key-id`;
        assert.deepStrictEqual(statements[0].Action, ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"]);
        assert.deepStrictEqual(statements[0].Resource, [key]);
        assert.deepStrictEqual(statements[1].NotResource, [key]);
    });

    it("installs the pinned hashicorp/vault chart in the vault namespace with schema-valid HA Raft values", async () => {
        const run = await stack();
        const release = one(run, "kubernetes:helm.sh/v3:Release", "-vault-vault");
        assert.strictEqual(release.inputs.chart, "vault");
        assert.strictEqual(release.inputs.version, "0.34.1");
        assert.strictEqual(release.inputs.repositoryOpts.repo, "https://helm.releases.hashicorp.com");
        assert.strictEqual(release.inputs.namespace, "vault");
        assert.deepStrictEqual(validateChartValues(release.inputs.values), []);
        assert.strictEqual(release.inputs.values.server.ha.replicas, 5);
        assert.match(release.inputs.values.server.ha.raft.config, /seal "awskms"/);
    });

    it("keeps the CA key in one cert-manager Secret, has cert-manager issue the server certificate, exports the kubeconfig only as a secret", async () => {
        const run = await stack();
        assert.ok(run.secretOutputs.includes("kubeconfig"));
        for (const key of ["clusterName", "vaultAddress", "irsaRoleArn", "unsealKeyArn"]) assert.ok(run.outputs[key], key);
        const secret = one(run, "kubernetes:core/v1:Secret");
        assert.strictEqual(secret.inputs.type, "kubernetes.io/tls");
        assert.deepStrictEqual(Object.keys(secret.inputs.stringData).sort(), ["tls.crt", "tls.key"]);
        const certificate = one(run, "kubernetes:cert-manager.io/v1:Certificate");
        assert.strictEqual(certificate.inputs.spec.secretName, "vault-server-tls");
        const release = one(run, "kubernetes:helm.sh/v3:Release", "-vault-vault");
        assert.strictEqual(release.inputs.values.server.volumes[0].secret.secretName, "vault-server-tls");
    });

    it("exposes Vault only on an internal NLB restricted to the allowed networks, waiting only for its address", async () => {
        const run = await stack();
        const service = one(run, "kubernetes:core/v1:Service");
        assert.strictEqual(service.inputs.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"], "true");
        assert.strictEqual(service.inputs.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.loadBalancer.ingress[0].hostname}");
        assert.deepStrictEqual(service.inputs.spec.loadBalancerSourceRanges, ["10.0.0.0/8"]);
    });
});
