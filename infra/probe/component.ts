// VaultProbe: the health probe Lambda in the VPC, every minute, with its own role, security group, alarms and the
// stack's Vault dashboard. The replication function's pattern: bundled inline, least privilege with Deny guards.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PROBE_AWS_ROLE } from "../../functions/probe/names";
import { AwsAccount } from "../account";
import { managedPolicyArn, policyDocument } from "../iam";
import { fit, NAME_LIMIT } from "../names";
import { LAMBDA_RUNTIME } from "../replication/bundle";
import { probeAlarms, probeDashboard } from "./alarms";
import { probeArchive } from "./bundle";
import { probeStatements, ProbeBackup, ProbeDiscovery } from "./policy";

export interface VaultProbeArgs {
    readonly account: AwsAccount;
    readonly stack: string;
    /** Its execution role (infra/probe/role.ts), made before the layout. */
    readonly role: aws.iam.Role;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string[]>;
    readonly dataKeyArn: pulumi.Input<string>;
    readonly alertTopicArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
    readonly raft: boolean;
    readonly expectedNodes: number;
    readonly discovery: ProbeDiscovery;
    readonly backup: ProbeBackup;
    /** ec2: the load balancer, where the token-bearing reads go. eks: none (any pod that answered). */
    readonly vaultAddress?: pulumi.Input<string>;
    readonly vaultCaCertPem?: pulumi.Input<string>;
    /** eks: pods' certificates name `<pod>.<suffix>`. */
    readonly nodeServerNameSuffix?: string;
    /** The host Vault's AWS auth expects in the signed login (vault:configure sets the same). */
    readonly iamServerId: pulumi.Input<string>;
}

export class VaultProbe extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: VaultProbeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:probe:VaultProbe", name, {}, opts);
        const parent = { parent: this };
        const role = args.role;
        new aws.iam.RolePolicy(`${name}-fn`, { role: role.id, policy: policyDocument(probeStatements(args.discovery, args.backup)) }, parent);
        const vpcAccess = new aws.iam.RolePolicyAttachment(
            `${name}-fn-vpc`,
            { role: role.name, policyArn: managedPolicyArn(args.account.partition, "service-role/AWSLambdaVPCAccessExecutionRole") },
            parent,
        );
        const sg = new aws.ec2.SecurityGroup(
            `${name}-fn`,
            { vpcId: args.vpcId, description: "Health probe: Vault nodes, the Kubernetes API and AWS endpoints in the VPC only" },
            parent,
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-fn-vault`,
            { securityGroupId: sg.id, cidrIpv4: args.vpcCidr, ipProtocol: "tcp", fromPort: 8200, toPort: 8200, description: "Each Vault node's API directly" },
            parent,
        );
        // HTTPS anywhere, as the Vault nodes have: the load balancer and the Kubernetes API are in the VPC, but Auto
        // Scaling, EC2 and AWS Backup have no endpoint in it (reached through NAT) and S3's gateway endpoint routes
        // to public prefixes.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-fn-https`,
            {
                securityGroupId: sg.id,
                cidrIpv4: "0.0.0.0/0",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "Load balancer, Kubernetes API, AWS APIs",
            },
            parent,
        );
        const logs = new aws.cloudwatch.LogGroup(`${name}-fn`, { retentionInDays: args.logRetentionDays, kmsKeyId: args.dataKeyArn }, parent);
        const d = args.discovery;
        const b = args.backup;
        const fn = new aws.lambda.Function(
            fit(`${name}-fn`, NAME_LIMIT.lambda),
            {
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                handler: "index.handler",
                code: probeArchive(),
                role: role.arn,
                // Each call has a 5 s timeout and they run side by side; a run takes seconds, and must end within its minute.
                timeout: 50,
                memorySize: 256,
                kmsKeyArn: args.dataKeyArn,
                vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [sg.id] },
                loggingConfig: { logFormat: "Text", logGroup: logs.name },
                environment: {
                    variables: {
                        STACK_NAME: args.stack,
                        STORAGE: args.raft ? "raft" : "dynamodb",
                        EXPECTED_NODES: String(args.expectedNodes),
                        DISCOVERY: d.kind,
                        ...(d.kind === "asg"
                            ? { ASG_NAME: d.groupName }
                            : { EKS_ENDPOINT: d.endpoint, EKS_CA_DATA: d.caData, EKS_CLUSTER_NAME: d.clusterName, VAULT_NAMESPACE: d.namespace }),
                        ...(args.vaultAddress ? { VAULT_ADDR: args.vaultAddress } : {}),
                        ...(args.vaultCaCertPem ? { VAULT_CA_CERT: args.vaultCaCertPem } : {}),
                        ...(args.nodeServerNameSuffix ? { NODE_SERVER_NAME_SUFFIX: args.nodeServerNameSuffix } : {}),
                        VAULT_AWS_ROLE: PROBE_AWS_ROLE,
                        VAULT_AWS_AUTH_MOUNT: "aws",
                        VAULT_AWS_IAM_SERVER_ID: args.iamServerId,
                        BACKUP_SOURCE: b.kind,
                        ...(b.kind === "aws-backup" ? { BACKUP_VAULT_NAME: b.vaultName } : { SNAPSHOT_BUCKET: b.bucket, SNAPSHOT_PREFIX: b.prefix }),
                    },
                },
            },
            { parent: this, dependsOn: [vpcAccess] },
        );
        const rule = new aws.cloudwatch.EventRule(
            fit(`${name}-schedule`, NAME_LIMIT.eventRule),
            { scheduleExpression: "rate(1 minute)", description: "Strongroom health probe" },
            parent,
        );
        new aws.cloudwatch.EventTarget(`${name}-schedule`, { rule: rule.name, arn: fn.arn }, parent);
        // A late run is worth nothing: the next minute's run is the retry.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, { functionName: fn.name, maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 }, parent);
        new aws.lambda.Permission(
            `${name}-schedule`,
            { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: rule.arn },
            parent,
        );

        const alarmArgs = { stack: args.stack, topicArn: args.alertTopicArn, backupIntervalSeconds: b.intervalSeconds, region: args.account.region };
        const alarms = probeAlarms(`${name}-alarm`, alarmArgs, this);
        const dashboard = probeDashboard(`${name}-dashboard`, alarmArgs, alarms, this);

        this.roleArn = role.arn;
        this.securityGroupId = sg.id;
        this.functionName = fn.name;
        this.dashboardName = dashboard.dashboardName;
        this.registerOutputs({ roleArn: this.roleArn, functionName: this.functionName, dashboardName: this.dashboardName });
    }
}
