// VaultEc2Cluster: Vault in HA on EC2 across zones, DynamoDB storage with HA locking, KMS auto-unseal, behind an ALB.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsAccount } from "../account";
import { architectureOf } from "../architecture";
import { allow, managedPolicyArn, policyDocument, serviceTrust } from "../iam";
import { SealMigration, UnsealKey, unsealKeyFor } from "../unseal-key";
import { keyIdOf, recoveryRoleName } from "../dr/recovery-role";
import { RestoreSource } from "../dr/restore-source";
import { restoredTableName, restoreInputs } from "../dr/restore-table";
import { clusterAlarms } from "./alarms";
import { tableKeyStatements, vaultStorageStatements } from "./instance-policy";
import { TableBackup } from "./table-backup";
import { VaultLoadBalancer } from "./load-balancer";
import { VaultSecurityGroups } from "./security-groups";
import { renderUserData } from "./user-data";
import { fit, NAME_LIMIT } from "../names";

export interface VaultEc2ClusterArgs {
    readonly account: AwsAccount;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    /** The blocks of the subnets the load balancer lives in: only it may set X-Forwarded-For. */
    readonly loadBalancerSubnetCidrs: pulumi.Input<string[]>;
    /** Private subnets in distinct zones, for the nodes (and an internal load balancer). */
    readonly privateSubnetIds: pulumi.Input<string[]>;
    /** Public subnets, used only by an internet-facing load balancer. */
    readonly publicSubnetIds: pulumi.Input<string[]>;
    /** CMK for the table, the volumes and the logs. */
    readonly dataKeyArn: pulumi.Input<string>;
    /** CloudWatch retention of the audit log group. */
    readonly logRetentionDays: number;
    /** Number of Vault nodes, at least 2. */
    readonly nodeCount: number;
    readonly instanceType: string;
    readonly vaultVersion: string;
    /** Where releases are downloaded from; a mirror must be laid out like releases.hashicorp.com/vault. */
    readonly downloadUrl: string;
    readonly allowedCidrs: string[];
    readonly loadBalancerScheme: "internal" | "internet-facing";
    /** An ACM certificate ARN. Default: a generated self-signed certificate. */
    readonly certificateArn?: string;
    /** Protects the table and the load balancer from deletion. */
    readonly deletionProtection: boolean;
    /** Where the cluster's alarms go. */
    readonly alertTopicArn: pulumi.Input<string>;
    /** AWS Backup schedule for the table, e.g. cron(0 3 * * ? *). */
    readonly backupSchedule: string;
    readonly backupRetentionDays: number;
    /** A backup vault in the DR region the backup plan copies each recovery point to. Default: none. */
    readonly backupCopyVaultArn?: pulumi.Input<string>;
    /** Where Vault's table comes from (strongroom:restoreFrom): a new table restored from it. Default: none. */
    readonly restore?: { readonly source: RestoreSource; readonly from: string };
    /** A recovery stack's unseal key (a replica made by the primary stack): no own key, no table of its own. */
    readonly existingUnsealKeyArn?: string;
    /** Moving the seal to a second, multi-Region key (strongroom:sealMigration). Default: none. */
    readonly sealMigration?: SealMigration;
}

export class VaultEc2Cluster extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    readonly tableName: pulumi.Output<string>;
    readonly unsealKeyArn: pulumi.Output<string>;
    readonly autoScalingGroupName: pulumi.Output<string>;
    readonly instanceRoleArn: pulumi.Output<string>;
    readonly unsealKey: UnsealKey;
    readonly backupRoleArn: pulumi.Output<string>;
    /** Fewer healthy nodes than nodeCount: pages, and stops a rolling upgrade. */
    readonly healthyNodesAlarmName: pulumi.Output<string>;
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    readonly backup: TableBackup;
    readonly loadBalancer: VaultLoadBalancer;
    readonly securityGroups: VaultSecurityGroups;
    /** The audit log group (name and ARN): the replication function subscribes to it. */
    readonly auditLogGroup: { name: pulumi.Output<string>; arn: pulumi.Output<string> };

    constructor(name: string, args: VaultEc2ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:vault-ec2:VaultEc2Cluster", name, {}, opts);
        const parent = { parent: this };

        const tableArgs: aws.dynamodb.TableArgs = {
            attributes: [
                { name: "Path", type: "S" },
                { name: "Key", type: "S" },
            ],
            hashKey: "Path",
            rangeKey: "Key",
            billingMode: "PAY_PER_REQUEST",
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true, kmsKeyArn: args.dataKeyArn },
            deletionProtectionEnabled: args.deletionProtection,
        };
        // A recovery stack has no table of its own: its only table is the one restored (infra/dr/restore-table.ts).
        const own = args.existingUnsealKeyArn
            ? undefined
            : new aws.dynamodb.Table(`${name}-storage`, tableArgs, { parent: this, protect: args.deletionProtection });
        const table = args.restore
            ? new aws.dynamodb.Table(
                  restoredTableName(`${name}-storage`, args.restore.from),
                  { ...tableArgs, ...restoreInputs(args.restore.source, own?.name) },
                  { parent: this, retainOnDelete: true },
              )
            : own!;

        const role = new aws.iam.Role(
            fit(`${name}-node`, NAME_LIMIT.role),
            {
                assumeRolePolicy: serviceTrust("ec2.amazonaws.com"),
                description: "Vault nodes",
                ...(args.existingUnsealKeyArn ? { name: recoveryRoleName(keyIdOf(args.existingUnsealKeyArn)) } : {}),
            },
            parent,
        );
        const unsealKey = unsealKeyFor(
            {
                keyName: `${name}-unseal`,
                policyName: `${name}-node-unseal`,
                role,
                account: args.account,
                description: "Vault auto-unseal (ec2-dynamodb)",
                otherKeys: [args.dataKeyArn],
                existingKeyArn: args.existingUnsealKeyArn,
                sealMigration: args.sealMigration,
                protect: args.deletionProtection,
            },
            this,
        );
        this.unsealKey = unsealKey;
        new aws.iam.RolePolicy(`${name}-node-storage`, { role: role.id, policy: policyDocument(vaultStorageStatements(table.arn)) }, parent);
        new aws.iam.RolePolicy(
            `${name}-node-table-key`,
            { role: role.id, policy: policyDocument(tableKeyStatements(args.dataKeyArn, args.account.region, args.account.accountId)) },
            parent,
        );
        // Shell access through SSM Session Manager instead of SSH: no key pair, no port 22.
        new aws.iam.RolePolicyAttachment(
            `${name}-node-ssm`,
            { role: role.name, policyArn: managedPolicyArn(args.account.partition, "AmazonSSMManagedInstanceCore") },
            parent,
        );
        // The managed policy also reads every SSM parameter in the account; Session Manager needs none of that.
        new aws.iam.RolePolicy(
            `${name}-node-no-parameters`,
            {
                role: role.id,
                policy: policyDocument([
                    { Sid: "NoParameterReads", Effect: "Deny", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], Resource: "*" },
                ]),
            },
            parent,
        );
        const profile = new aws.iam.InstanceProfile(`${name}-node`, { role: role.name }, parent);

        const groups = new VaultSecurityGroups(`${name}-sg`, { vpcId: args.vpcId, allowedCidrs: args.allowedCidrs }, parent);
        const internal = args.loadBalancerScheme === "internal";
        const lb = new VaultLoadBalancer(
            `${name}-lb`,
            {
                vpcId: args.vpcId,
                subnetIds: internal ? args.privateSubnetIds : args.publicSubnetIds,
                securityGroupId: groups.loadBalancerSgId,
                internal,
                certificateArn: args.certificateArn,
                deletionProtection: args.deletionProtection,
            },
            parent,
        );

        // Vault's audit trail leaves the node as it is written (audit-shipping.ts): one stream per instance.
        const audit = new aws.cloudwatch.LogGroup(`${name}-audit`, { retentionInDays: args.logRetentionDays, kmsKeyId: args.dataKeyArn }, parent);
        new aws.iam.RolePolicy(
            `${name}-node-audit`,
            {
                role: role.id,
                policy: policyDocument([
                    allow(
                        "ShipAuditLog",
                        ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        [audit.arn, pulumi.interpolate`${audit.arn}:*`],
                    ),
                ]),
            },
            parent,
        );

        const arch = architectureOf(args.instanceType);
        const userData = pulumi
            .all([table.name, unsealKey.arn, args.loadBalancerSubnetCidrs, audit.name, unsealKey.previousArn])
            .apply(([tableName, keyArn, lbCidrs, auditLogGroup, previousKeyArn]) =>
                Buffer.from(
                    renderUserData({
                        region: args.account.region,
                        tableName,
                        unsealKeyId: keyArn,
                        ...(unsealKey.sealMigration ? { sealMigration: { previousUnsealKeyId: previousKeyArn } } : {}),
                        // Only the load balancer's subnets: any other client in the VPC could forge the audited address.
                        forwardedForCidrs: lbCidrs,
                        vaultVersion: args.vaultVersion,
                        arch,
                        downloadUrl: args.downloadUrl,
                        auditLogGroup,
                    }),
                ).toString("base64"),
            );
        const template = new aws.ec2.LaunchTemplate(
            `${name}-node`,
            {
                // Nodes keep no state (it is in DynamoDB), so each replacement takes the current Amazon Linux 2023.
                imageId: `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch === "arm64" ? "arm64" : "x86_64"}`,
                instanceType: args.instanceType,
                iamInstanceProfile: { arn: profile.arn },
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: 20, volumeType: "gp3", encrypted: "true", kmsKeyId: args.dataKeyArn, deleteOnTermination: "true" },
                    },
                ],
                networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: [groups.nodeSgId], deleteOnTermination: "true" }],
                monitoring: { enabled: true },
                userData,
                updateDefaultVersion: true,
                tagSpecifications: [{ resourceType: "instance", tags: { Name: `${name}-node` } }],
            },
            parent,
        );
        const asg = new aws.autoscaling.Group(
            `${name}-nodes`,
            {
                vpcZoneIdentifiers: args.privateSubnetIds,
                minSize: args.nodeCount,
                maxSize: args.nodeCount,
                desiredCapacity: args.nodeCount,
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                targetGroupArns: [lb.targetGroupArn],
                // EC2 checks, not the load balancer's: a node that is merely sealed or standby must not be killed.
                healthCheckType: "EC2",
                healthCheckGracePeriod: 300,
                // No instanceRefresh: `pulumi up` only updates the launch template. A refresh replaces instances in no
                // Vault-aware order (it may take the active node first, and fail over from newer to older) and cannot
                // wait for a node to be unsealed on the new version; `npm run vault:upgrade` replaces the standbys
                // one at a time, the active node last (see README, Upgrading Vault).
                tags: [{ key: "Name", value: `${name}-node`, propagateAtLaunch: true }],
            },
            parent,
        );

        this.backup = new TableBackup(
            `${name}-backup`,
            {
                tableArn: table.arn,
                partition: args.account.partition,
                keyArn: args.dataKeyArn,
                schedule: args.backupSchedule,
                retentionDays: args.backupRetentionDays,
                copyToVaultArn: args.backupCopyVaultArn,
                deletionProtection: args.deletionProtection,
            },
            parent,
        );
        const healthyAlarm = clusterAlarms(
            `${name}-alarm`,
            {
                topicArn: args.alertTopicArn,
                nodeCount: args.nodeCount,
                loadBalancerArnSuffix: lb.arnSuffix,
                targetGroupArnSuffix: lb.targetGroupArnSuffix,
                tableName: table.name,
            },
            this,
        );

        this.healthyNodesAlarmName = healthyAlarm.name;
        this.nodeSecurityGroupId = groups.nodeSgId;
        this.url = pulumi.interpolate`https://${lb.dnsName}`;
        this.tableName = table.name;
        this.unsealKeyArn = unsealKey.arn;
        this.autoScalingGroupName = asg.name;
        this.backupRoleArn = this.backup.roleArn;
        this.instanceRoleArn = role.arn;
        this.loadBalancer = lb;
        this.securityGroups = groups;
        this.auditLogGroup = { name: audit.name, arn: audit.arn };
        this.registerOutputs({
            url: this.url,
            tableName: this.tableName,
            unsealKeyArn: this.unsealKeyArn,
            autoScalingGroupName: this.autoScalingGroupName,
            instanceRoleArn: this.instanceRoleArn,
        });
    }
}
