import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { defaultNote } from "../../lib/aws-defaults";
import * as aws from "@pulumi/aws";
import { keyRefKind } from "../../lib/key-refs";

export const REQUIRED_LOG_TYPES = ["api", "audit", "authenticator"];

export const eksCluster: ResourceValidationPolicy = {
    name: "strongroom-eks-cluster",
    description:
        "EKS clusters must encrypt Kubernetes secrets with a customer-managed KMS key, keep the public endpoint off or CIDR-restricted (never 0.0.0.0/0), and log api, audit and authenticator events.",
    remediationSteps:
        'Set encryptionConfig { resources: ["secrets"], provider: { keyArn } }, vpcConfig.endpointPublicAccess false (or publicAccessCidrs without 0.0.0.0/0), and enabledClusterLogTypes [api, audit, authenticator].',
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, _args, reportViolation) => {
        const encryption = cluster.encryptionConfig;
        if (!encryption?.resources?.includes("secrets") || keyRefKind(encryption.provider?.keyArn) !== "customer")
            reportViolation(`Kubernetes secrets are not encrypted with a customer-managed KMS key (encryptionConfig ${defaultNote("eks.secretsKey")}).`);
        const vpc = cluster.vpcConfig ?? ({} as aws.types.input.eks.ClusterVpcConfig);
        if (vpc.endpointPublicAccess !== false) {
            const cidrs = (vpc.publicAccessCidrs as string[] | undefined) ?? ["0.0.0.0/0"];
            if (cidrs.includes("0.0.0.0/0")) reportViolation(`the public API endpoint is open to 0.0.0.0/0 (${defaultNote("eks.publicEndpoint")}).`);
        }
        const missing = REQUIRED_LOG_TYPES.filter((t) => !(cluster.enabledClusterLogTypes ?? []).includes(t));
        if (missing.length > 0) reportViolation(`control-plane logs missing: ${missing.join(", ")} (enabledClusterLogTypes ${defaultNote("eks.logs")}).`);
    }),
};
