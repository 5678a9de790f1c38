// Where policy documents live: every resource type of the AWS provider whose inputs hold one, and what kind it is.
// Identity documents grant their holder; resource and key documents admit principals to one resource (`*` as a
// Resource there means the resource itself); trust documents say who may assume a role. The coverage table
// (policies/coverage.ts) and its test keep this list complete against the provider's own type definitions.

export type DocumentKind = "identity" | "resource" | "key" | "trust" | "endpoint";

export interface Carried {
    readonly kind: DocumentKind;
    /** Where the document sits, e.g. `policy`, `inlinePolicies[0].policy`. */
    readonly where: string;
    readonly document: unknown;
}

/** Identity documents, by type and input. */
export const IDENTITY_INPUTS: Record<string, string> = {
    "aws:iam/policy:Policy": "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": "inlinePolicy",
};

/** Key policies, by type (all in the `policy` input). */
export const KEY_POLICY_TYPES = [
    "aws:kms/key:Key",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
];

/** Resource policies that admit principals to a resource, by type and input — set inline on the resource or apart. */
export const RESOURCE_POLICY_INPUTS: Record<string, string> = {
    "aws:s3/bucket:Bucket": "policy",
    "aws:s3/bucketV2:BucketV2": "policy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:s3/accessPoint:AccessPoint": "policy",
    "aws:s3control/accessPointPolicy:AccessPointPolicy": "policy",
    "aws:s3control/bucketPolicy:BucketPolicy": "policy",
    "aws:s3control/objectLambdaAccessPointPolicy:ObjectLambdaAccessPointPolicy": "policy",
    "aws:s3control/accessGrantsInstanceResourcePolicy:AccessGrantsInstanceResourcePolicy": "policy",
    "aws:s3/filesFileSystemPolicy:FilesFileSystemPolicy": "policy",
    "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy": "policy",
    "aws:s3tables/tableBucketPolicy:TableBucketPolicy": "resourcePolicy",
    "aws:s3tables/tablePolicy:TablePolicy": "resourcePolicy",
    "aws:sns/topic:Topic": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:sqs/queue:Queue": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:ecr/registryPolicy:RegistryPolicy": "policy",
    "aws:ecrpublic/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
    "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy": "accessPolicy",
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "policy",
    "aws:lambda/resourcePolicy:ResourcePolicy": "policy",
    "aws:dynamodb/resourcePolicy:ResourcePolicy": "policy",
    "aws:kinesis/resourcePolicy:ResourcePolicy": "policy",
    "aws:efs/fileSystemPolicy:FileSystemPolicy": "policy",
    "aws:backup/vaultPolicy:VaultPolicy": "policy",
    "aws:glacier/vault:Vault": "accessPolicy",
    "aws:glacier/vaultLock:VaultLock": "policy",
    "aws:apigateway/restApi:RestApi": "policy",
    "aws:apigateway/restApiPolicy:RestApiPolicy": "policy",
    "aws:apigateway/domainName:DomainName": "policy",
    "aws:opensearch/domain:Domain": "accessPolicies",
    "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
    "aws:elasticsearch/domain:Domain": "accessPolicies",
    "aws:elasticsearch/domainPolicy:DomainPolicy": "accessPolicies",
    "aws:codeartifact/domainPermissions:DomainPermissions": "policyDocument",
    "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy": "policyDocument",
    "aws:codebuild/resourcePolicy:ResourcePolicy": "policy",
    "aws:glue/resourcePolicy:ResourcePolicy": "policy",
    "aws:schemas/registryPolicy:RegistryPolicy": "policy",
    "aws:mediastore/containerPolicy:ContainerPolicy": "policy",
    "aws:msk/clusterPolicy:ClusterPolicy": "policy",
    "aws:dsql/clusterPolicy:ClusterPolicy": "policy",
    "aws:acmpca/policy:Policy": "policy",
    "aws:amp/resourcePolicy:ResourcePolicy": "policyDocument",
    "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy": "policy",
    "aws:networkfirewall/resourcePolicy:ResourcePolicy": "policy",
    "aws:oam/sinkPolicy:SinkPolicy": "policy",
    "aws:opensearchingest/resourcePolicy:ResourcePolicy": "policy",
    "aws:pinpoint/smsvoicev2ResourcePolicy:Smsvoicev2ResourcePolicy": "policy",
    "aws:redshift/resourcePolicy:ResourcePolicy": "policy",
    "aws:redshiftserverless/resourcePolicy:ResourcePolicy": "policy",
    "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy": "resourcePolicy",
    "aws:ses/identityPolicy:IdentityPolicy": "policy",
    "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy": "policy",
    "aws:vpclattice/authPolicy:AuthPolicy": "policy",
    "aws:vpclattice/resourcePolicy:ResourcePolicy": "policy",
    "aws:xray/resourcePolicy:ResourcePolicy": "policyDocument",
    "aws:cloudsearch/domainServiceAccessPolicy:DomainServiceAccessPolicy": "accessPolicy",
};

/**
 * VPC endpoint policies: they only narrow what IAM already allows through the endpoint (so `*` is their normal
 * principal), but a misspelt action there silently blocks the calls it meant to let through.
 */
export const ENDPOINT_POLICY_TYPES = ["aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy"];

/** Every policy document a resource carries, with its kind. Unset inputs carry nothing. */
export function documentsOf(type: string, props: Record<string, any>): Carried[] {
    const out: Carried[] = [];
    const add = (kind: DocumentKind, where: string, document: unknown) => {
        if (document !== undefined && document !== null && document !== "") out.push({ kind, where, document });
    };
    if (IDENTITY_INPUTS[type]) add("identity", IDENTITY_INPUTS[type], props[IDENTITY_INPUTS[type]]);
    if (type === "aws:iam/role:Role") {
        add("trust", "assumeRolePolicy", props.assumeRolePolicy);
        (props.inlinePolicies ?? []).forEach((p: any, i: number) => add("identity", `inlinePolicies[${i}].policy`, p?.policy));
    }
    if (KEY_POLICY_TYPES.includes(type)) add("key", "policy", props.policy);
    if (RESOURCE_POLICY_INPUTS[type]) add("resource", RESOURCE_POLICY_INPUTS[type], props[RESOURCE_POLICY_INPUTS[type]]);
    if (ENDPOINT_POLICY_TYPES.includes(type)) add("endpoint", "policy", props.policy);
    return out;
}

export const IDENTITY_TYPES = [...Object.keys(IDENTITY_INPUTS), "aws:iam/role:Role"];
export const RESOURCE_POLICY_TYPES = Object.keys(RESOURCE_POLICY_INPUTS);

/** Whether a type can carry a policy document at all (it may still have none set). */
export function carriesDocuments(type: string): boolean {
    return IDENTITY_TYPES.includes(type) || KEY_POLICY_TYPES.includes(type) || RESOURCE_POLICY_TYPES.includes(type) || ENDPOINT_POLICY_TYPES.includes(type);
}
