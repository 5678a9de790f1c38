// Every rule of the pack, in one list: policies/index.ts serves them, policies/offline.ts runs them offline.
import { Policies } from "@pulumi/policy";
import { backupVaultCmk } from "./backup/vault-cmk";
import { eventTargetCredentials } from "./credentials/event-targets";
import { dynamodbCmkAndPitr } from "./dynamodb/cmk-and-pitr";
import { ebsCmk } from "./ec2/ebs-cmk";
import { imdsv2 } from "./ec2/imdsv2";
import { noPublicIp } from "./ec2/no-public-ip";
import { securityGroupIngress } from "./ec2/security-group-ingress";
import { eksCluster } from "./eks/cluster";
import { knownActions } from "./iam/known-actions";
import { noAdminManagedPolicies } from "./iam/no-admin-managed-policies";
import { noPrivilegeEscalation } from "./iam/no-privilege-escalation";
import { noServiceWildcard } from "./iam/no-service-wildcard";
import { noUnscopedDataReads } from "./iam/no-unscoped-data-reads";
import { noUsers } from "./iam/no-users";
import { noWildcardAction } from "./iam/no-wildcard-action";
import { passRoleScoped } from "./iam/passrole-scoped";
import { scopedWrites } from "./iam/scoped-writes";
import { trustPolicy } from "./iam/trust-policy";
import { kmsDeletionWindow } from "./kms/deletion-window";
import { kmsKeyPolicy } from "./kms/key-policy";
import { kmsKeyPolicySet } from "./kms/key-policy-set";
import { kmsRotation } from "./kms/rotation";
import { lambdaEnvironment } from "./lambda/environment";
import { eventSourceMapping } from "./lambda/event-source-mapping";
import { lambdaPermissions } from "./lambda/permissions";
import { dropInvalidHeaders } from "./lb/drop-invalid-headers";
import { listenerTls } from "./lb/listener-tls";
import { logGroup } from "./logs/log-group";
import { secretsManagerCmk } from "./secretsmanager/cmk";
import { snsCmk } from "./sns/cmk";
import { s3Encryption } from "./s3/encryption";
import { s3PublicAccessBlock } from "./s3/public-access-block";
import { s3Versioning } from "./s3/versioning";
import { resourcePolicyPrincipals } from "./resource-policies/principals";
import { accountBoundary } from "./stack/account-boundary";
import { defaultSecurityGroup } from "./stack/default-security-group";
import { replicationRoleGuard } from "./stack/replication-role-guard";
import { roleManagement } from "./stack/role-management";
import { vaultDevMode } from "./vault/dev-mode";
import { vaultEc2UserData } from "./vault/ec2-user-data";
import { vaultHelmRelease } from "./vault/helm-release";
import { tlsKeyStrength } from "./tls/key-strength";

export const policies: Policies = [
    noWildcardAction,
    noServiceWildcard,
    scopedWrites,
    passRoleScoped,
    noPrivilegeEscalation,
    noUnscopedDataReads,
    knownActions,
    trustPolicy,
    noAdminManagedPolicies,
    noUsers,
    replicationRoleGuard,
    kmsRotation,
    kmsKeyPolicy,
    kmsKeyPolicySet,
    kmsDeletionWindow,
    imdsv2,
    ebsCmk,
    noPublicIp,
    securityGroupIngress,
    defaultSecurityGroup,
    listenerTls,
    tlsKeyStrength,
    dropInvalidHeaders,
    dynamodbCmkAndPitr,
    backupVaultCmk,
    secretsManagerCmk,
    snsCmk,
    lambdaEnvironment,
    eventTargetCredentials,
    lambdaPermissions,
    eventSourceMapping,
    eksCluster,
    logGroup,
    vaultHelmRelease,
    vaultEc2UserData,
    vaultDevMode,
    roleManagement,
    accountBoundary,
    s3Encryption,
    s3PublicAccessBlock,
    s3Versioning,
    resourcePolicyPrincipals,
];
