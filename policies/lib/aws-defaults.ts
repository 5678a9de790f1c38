// What AWS (or the Vault chart) does with an input left unset, for every unset input a rule judges: one table, each
// entry with the page it was read from. Rules take their wording from here, and the README's table of defaults is
// this table (a test keeps them equal). Where the answer depends on something the plan does not show (the AMI, an
// account-level setting), the entry says so and the rule asks for the input to be set explicitly.

export interface AwsDefault {
    /** Which input, on which resources. */
    readonly input: string;
    /** What an unset input means, in AWS's (or the chart's) words. */
    readonly unset: string;
    /** Where that is documented. */
    readonly sources: readonly string[];
}

const EC2_IMDS = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsRequest.html";
const AMI_IMDS = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Image.html";
const AL2023_IMDS = "https://docs.aws.amazon.com/linux/al2023/ug/imdsv2.html";
const PULUMI = "https://www.pulumi.com/registry/packages/aws/api-docs";
const VAULT_CHART = "https://github.com/hashicorp/vault-helm/blob/v0.34.1/values.yaml";

export const AWS_DEFAULTS = {
    "ec2.httpTokens": {
        input: "metadataOptions.httpTokens (instances, launch templates, launch configurations)",
        unset: "the account's IMDS default if one is set, else the AMI's: required for AMIs registered with ImdsSupport v2.0 (Amazon Linux 2023), optional for others",
        sources: [EC2_IMDS, AMI_IMDS, AL2023_IMDS],
    },
    "ec2.hopLimit": {
        input: "metadataOptions.httpPutResponseHopLimit (instances, launch templates, launch configurations)",
        unset: "the account's IMDS default if one is set, else 2 for AMIs registered with ImdsSupport v2.0 (Amazon Linux 2023), 1 for others",
        sources: [EC2_IMDS, AMI_IMDS, AL2023_IMDS],
    },
    "eks.nodeGroupLaunchTemplate": {
        input: "launchTemplate (EKS managed node groups)",
        unset: "EKS generates a launch template whose IMDS settings cannot block pods from the node's credentials",
        sources: ["https://docs.aws.amazon.com/eks/latest/userguide/best-practices-security.html"],
    },
    "ebs.rootDevice": {
        input: "rootBlockDevice / block device mappings (instances, launch configurations, launch templates)",
        unset: "the AMI's mapping, encrypted only if the AMI's snapshot is or the account has turned on EBS encryption by default for the region",
        sources: [
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html",
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
        ],
    },
    "ebs.kmsKeyId": {
        input: "kmsKeyId of an encrypted volume",
        unset: "the account's default EBS key, aws/ebs unless changed",
        sources: ["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
    },
    "ec2.instanceSubnet": {
        input: "subnetId (instances)",
        unset: "a default subnet of the default VPC, which gives instances a public IPv4 address",
        sources: ["https://docs.aws.amazon.com/vpc/latest/userguide/default-subnet.html"],
    },
    "ec2.defaultSubnetPublicIp": {
        input: "mapPublicIpOnLaunch (default subnets)",
        unset: "true: instances launched into a default subnet receive a public IPv4 address",
        sources: ["https://docs.aws.amazon.com/vpc/latest/userguide/default-subnet.html"],
    },
    "ec2.defaultSecurityGroup": {
        input: "a VPC's default security group, not adopted",
        unset: "AWS's rules: all inbound traffic from members of the group, all outbound traffic",
        sources: [`${PULUMI}/ec2/defaultsecuritygroup/`],
    },
    "ec2.allProtocols": {
        input: "protocol -1 on a security group rule",
        unset: "every protocol on every port, whatever fromPort/toPort say",
        sources: ["https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html"],
    },
    "lb.sslPolicy": {
        input: "sslPolicy (HTTPS and TLS listeners)",
        unset: "ELBSecurityPolicy-2016-08 (the console uses a newer one; the API, CloudFormation and Pulumi do not)",
        sources: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html", `${PULUMI}/lb/listener/`],
    },
    "lb.redirectProtocol": {
        input: "defaultActions[].redirect.protocol (listeners)",
        unset: "#{protocol}: the request's own, so an HTTP request is redirected to HTTP",
        sources: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html"],
    },
    "lb.dropInvalidHeaders": {
        input: "dropInvalidHeaderFields (application load balancers)",
        unset: "false: invalid header fields are routed to targets",
        sources: [`${PULUMI}/lb/loadbalancer/`],
    },
    "kms.policy": {
        input: "policy (KMS keys, unless an aws.kms.KeyPolicy sets it)",
        unset: "the default key policy: the account may use and administer the key through any IAM policy",
        sources: ["https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html"],
    },
    "kms.rotation": {
        input: "enableKeyRotation (KMS keys)",
        unset: "false",
        sources: [`${PULUMI}/kms/key/`],
    },
    "kms.deletionWindow": {
        input: "deletionWindowInDays (KMS keys)",
        unset: "30 days",
        sources: [`${PULUMI}/kms/key/`],
    },
    "dynamodb.tableKey": {
        input: "serverSideEncryption (DynamoDB tables)",
        unset: "an AWS owned key, outside the account",
        sources: ["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"],
    },
    "dynamodb.replicaKey": {
        input: "replicas[].kmsKeyArn, TableReplica kmsKeyArn",
        unset: "the AWS managed key alias/aws/dynamodb of the replica's region",
        sources: [`${PULUMI}/dynamodb/table/`],
    },
    "dynamodb.pitr": {
        input: "pointInTimeRecovery (DynamoDB tables and replicas)",
        unset: "off",
        sources: [`${PULUMI}/dynamodb/table/`],
    },
    "secretsmanager.key": {
        input: "kmsKeyId (secrets and their replicas)",
        unset: "the AWS managed key aws/secretsmanager, usable by every principal of the account",
        sources: ["https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html"],
    },
    "sns.key": {
        input: "kmsMasterKeyId (SNS topics)",
        unset: "no server-side encryption",
        sources: ["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
    },
    "lambda.key": {
        input: "kmsKeyArn (Lambda functions with environment variables)",
        unset: "the AWS managed key aws/lambda",
        sources: ["https://docs.aws.amazon.com/lambda/latest/dg/security-encryption-at-rest.html"],
    },
    "logs.key": {
        input: "kmsKeyId (log groups)",
        unset: "CloudWatch Logs' own service-managed encryption",
        sources: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
    },
    "logs.retention": {
        input: "retentionInDays (log groups)",
        unset: "0: events never expire",
        sources: [`${PULUMI}/cloudwatch/loggroup/`],
    },
    "backup.vaultKey": {
        input: "kmsKeyArn (AWS Backup vaults)",
        unset: "a KMS key AWS Backup creates for the account (the AWS managed key aws/backup)",
        sources: ["https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html", `${PULUMI}/backup/vault/`],
    },
    "s3.defaultEncryption": {
        input: "default encryption (S3 buckets)",
        unset: "SSE-S3 (AES256) with keys S3 holds, since January 2023",
        sources: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html"],
    },
    "s3.sseKmsKey": {
        input: "kmsMasterKeyId with sseAlgorithm aws:kms",
        unset: "the AWS managed key aws/s3",
        sources: [`${PULUMI}/s3/bucketserversideencryptionconfiguration/`],
    },
    "s3.publicAccessBlock": {
        input: "public access block (S3 buckets)",
        unset: "all four settings on for buckets created since April 2023, but any principal allowed s3:PutBucketPublicAccessBlock can turn them off",
        sources: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
    },
    "s3.versioning": {
        input: "versioning (S3 buckets)",
        unset: "unversioned: an overwritten or deleted object is gone",
        sources: [
            "http://docs.aws.amazon.com/AmazonS3/latest/dev/EnablingSuspendingandReturningtheVersioningState.html",
            "https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/clients/client-s3/classes/putbucketversioningcommand.html",
        ],
    },
    "eks.secretsKey": {
        input: "encryptionConfig (EKS clusters)",
        unset: "EKS's default envelope encryption of Kubernetes API data under an AWS owned key (Kubernetes 1.28 and later)",
        sources: ["https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html"],
    },
    "eks.publicEndpoint": {
        input: "vpcConfig.endpointPublicAccess and publicAccessCidrs (EKS clusters)",
        unset: "a public endpoint open to 0.0.0.0/0",
        sources: [`${PULUMI}/eks/cluster/`],
    },
    "eks.logs": {
        input: "enabledClusterLogTypes (EKS clusters)",
        unset: "no control-plane log type is sent to CloudWatch Logs",
        sources: ["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
    },
    "vault.chartTls": {
        input: "global.tlsDisable (the vault Helm chart)",
        unset: "true: the chart serves Vault over plain HTTP",
        sources: [VAULT_CHART],
    },
    "vault.chartReplicas": {
        input: "server.ha.replicas (the vault Helm chart)",
        unset: "3",
        sources: [VAULT_CHART],
    },
    "vault.imageCmd": {
        input: "command and args of a container running HashiCorp's Vault image",
        unset: "the image's CMD, `server -dev`: Vault in dev mode",
        sources: ["https://github.com/hashicorp/vault/blob/v1.21.1/Dockerfile"],
    },
    "acm.keyAlgorithm": {
        input: "keyAlgorithm (ACM certificates requested from ACM)",
        unset: "RSA_2048",
        sources: [
            "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/acm/aws.sdk.kotlin.services.acm.model/-request-certificate-request/key-algorithm.html",
        ],
    },
    "tls.ecdsaCurve": {
        input: "ecdsaCurve (tls.PrivateKey with algorithm ECDSA)",
        unset: "P224",
        sources: ["https://www.pulumi.com/registry/packages/tls/api-docs/privatekey/"],
    },
    "tls.rsaBits": {
        input: "rsaBits (tls.PrivateKey with algorithm RSA)",
        unset: "2048",
        sources: ["https://www.pulumi.com/registry/packages/tls/api-docs/privatekey/"],
    },
    "autoscaling.subnets": {
        input: "vpcZoneIdentifiers (Auto Scaling groups)",
        unset: "the default VPC's default subnet in each of the group's availability zones, which gives instances a public IPv4 address",
        sources: [
            "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/autoscaling/aws.sdk.kotlin.services.autoscaling.model/-create-auto-scaling-group-request/availability-zones.html",
            "https://docs.aws.amazon.com/vpc/latest/userguide/default-subnet.html",
        ],
    },
} satisfies Record<string, AwsDefault>;

export type DefaultKey = keyof typeof AWS_DEFAULTS;

/** "unset: <what AWS does>", for a rule's message. */
export function defaultNote(key: DefaultKey): string {
    return `unset: ${AWS_DEFAULTS[key].unset}`;
}
