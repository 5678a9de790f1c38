// SecretReplication: the replication function deployed inline, on a schedule, with its own key, topic and alarm.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { iamServerId } from "../../functions/replication/aws-iam-login";
import { AwsAccount } from "../account";
import { alarm } from "../alerts";
import { managedPolicyArn, policyDocument, serviceTrust } from "../iam";
import { KmsKey } from "../keys";
import { AuditTrail, subscribeToAudit } from "./audit-subscription";
import { consumeEvents, eventQueue } from "./event-queue";
import { handlerArchive, LAMBDA_RUNTIME } from "./bundle";
import { executionStatements, SECRETS_KEY_ACTIONS } from "./execution-policy";
import { fit, NAME_LIMIT } from "../names";

/** Tags the policy pack uses to find the replication role and its prefix (policies/rules/iam/replication-role.ts). */
export const ROLE_TAG = "strongroom:role";
export const ROLE_TAG_VALUE = "replication";
export const PREFIX_TAG = "strongroom:secrets-prefix";

export interface SecretReplicationArgs {
    readonly account: AwsAccount;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string[]>;
    /** CMK for the function's log group and the alert topic. */
    readonly dataKeyArn: pulumi.Input<string>;
    /** Where failure reports and the error alarm go (encrypted with dataKeyArn). */
    readonly alertTopicArn: pulumi.Input<string>;
    readonly vaultAddress: pulumi.Input<string>;
    /** PEM of the CA behind vaultAddress, when it is not publicly trusted. Public; not a secret. */
    readonly vaultCaCertPem?: pulumi.Input<string>;
    readonly kvMount: string;
    readonly kvPath: string;
    readonly authMethod: "aws" | "token";
    /** The Vault AWS auth role `vault:configure` creates. Default: "replication". */
    readonly vaultAwsRole?: string;
    readonly secretsPrefix: string;
    readonly deleteMode: "off" | "recover";
    readonly recoveryWindowDays: number;
    readonly maxConcurrency: number;
    /** Secrets Manager writes per second the function paces itself to. Default: 50, the account's default quota. */
    readonly writeRate?: number;
    /** EventBridge expression, e.g. rate(30 minutes). */
    readonly schedule: string;
    readonly logRetentionDays: number;
    /** Roles (RDS Proxy, …) that read the replicated secrets and so need to decrypt them. Default: none. */
    readonly secretReaderArns?: string[];
    /** The layout's audit log group: a write seen there triggers a sync of its path within seconds. Default: none (schedule only). */
    readonly auditTrail?: AuditTrail;
    /** A copy changed outside Vault: `rewrite` (make it Vault's again and report it) or `report`. Default: rewrite. */
    readonly driftMode?: "rewrite" | "report";
}

export class SecretReplication extends pulumi.ComponentResource {
    readonly functionName: pulumi.Output<string>;
    readonly topicArn: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    readonly secretsKeyArn: pulumi.Output<string>;
    readonly connectionSecretArn?: pulumi.Output<string>;

    constructor(name: string, args: SecretReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("strongroom:replication:SecretReplication", name, {}, opts);
        const parent = { parent: this };
        const { accountId, partition, region } = args.account;

        const role = new aws.iam.Role(
            fit(`${name}-fn`, NAME_LIMIT.role),
            {
                assumeRolePolicy: serviceTrust("lambda.amazonaws.com"),
                description: "Strongroom replication function: Vault KV v2 to Secrets Manager",
                tags: { [ROLE_TAG]: ROLE_TAG_VALUE, [PREFIX_TAG]: args.secretsPrefix },
            },
            parent,
        );
        const key = new KmsKey(
            `${name}-secrets`,
            {
                description: "Strongroom replicated secrets and the replication function's environment",
                // Turning replication off must not take the key of the copies already in Secrets Manager with it.
                retainOnDelete: true,
                accountId,
                partition,
                users: [
                    { arns: [role.arn], actions: [...SECRETS_KEY_ACTIONS, "kms:DescribeKey"] },
                    ...(args.secretReaderArns?.length
                        ? [
                              {
                                  arns: args.secretReaderArns,
                                  actions: ["kms:Decrypt", "kms:DescribeKey"],
                                  condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
                              },
                          ]
                        : []),
                ],
            },
            parent,
        );

        const connection =
            args.authMethod === "token"
                ? new aws.secretsmanager.Secret(
                      `${name}-connection`,
                      {
                          // Outside the replicated prefix; `npm run vault:configure` stores the token in it.
                          description: 'Vault token for the replication function (JSON {"token": …}); written by vault:configure',
                          kmsKeyId: key.arn,
                          recoveryWindowInDays: 7,
                      },
                      parent,
                  )
                : undefined;

        const timeout = 900;
        const events = args.auditTrail
            ? eventQueue(name, { keyArn: key.arn, alertTopicArn: args.alertTopicArn, functionTimeoutSeconds: timeout }, this)
            : undefined;
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-fn`,
            {
                role: role.id,
                policy: policyDocument(
                    executionStatements({
                        partition,
                        region,
                        accountId,
                        secretsPrefix: args.secretsPrefix,
                        secretsKeyArn: key.arn,
                        topicArn: args.alertTopicArn,
                        topicKeyArn: args.dataKeyArn,
                        connectionSecretArn: connection?.arn,
                        eventQueueArn: events?.queue.arn,
                    }),
                ),
            },
            parent,
        );
        // ENIs in the VPC and log delivery: AWS's managed policy for exactly that.
        const vpcAccess = new aws.iam.RolePolicyAttachment(
            `${name}-fn-vpc`,
            { role: role.name, policyArn: managedPolicyArn(partition, "service-role/AWSLambdaVPCAccessExecutionRole") },
            parent,
        );

        const sg = new aws.ec2.SecurityGroup(
            `${name}-fn`,
            { vpcId: args.vpcId, description: "Replication function: HTTPS to Vault and AWS endpoints in the VPC only" },
            parent,
        );
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-fn-https`,
            { securityGroupId: sg.id, cidrIpv4: args.vpcCidr, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "Vault and VPC endpoints" },
            parent,
        );

        const logs = new aws.cloudwatch.LogGroup(`${name}-fn`, { retentionInDays: args.logRetentionDays, kmsKeyId: args.dataKeyArn }, parent);
        const fn = new aws.lambda.Function(
            fit(`${name}-fn`, NAME_LIMIT.lambda),
            {
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                handler: "index.handler",
                code: handlerArchive(),
                role: role.arn,
                // 10,000 secrets take ~25 s against 10 ms backends (npm run bench) and ~4 min at Secrets Manager's
                // write quota; the ceiling leaves room for throttling. 1 GB: the bench peaked at 430 MB RSS for 10,000.
                timeout,
                memorySize: 1024,
                // No reserved concurrency: new accounts (a concurrency quota of 10) refuse any reservation. Scheduled
                // runs never overlap one another (config keeps the schedule no shorter than this timeout), and the
                // event queue hands over one batch at a time; a batch may run beside a scheduled run, and both are
                // idempotent (a ClientRequestToken per Vault version).
                kmsKeyArn: key.arn,
                vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [sg.id] },
                loggingConfig: { logFormat: "Text", logGroup: logs.name },
                environment: {
                    variables: {
                        VAULT_ADDR: args.vaultAddress,
                        ...(args.vaultCaCertPem ? { VAULT_CA_CERT: args.vaultCaCertPem } : {}),
                        VAULT_KV_MOUNT: args.kvMount,
                        VAULT_KV_PATH: args.kvPath,
                        VAULT_AUTH_METHOD: args.authMethod,
                        ...(args.authMethod === "aws"
                            ? {
                                  VAULT_AWS_ROLE: args.vaultAwsRole ?? "replication",
                                  VAULT_AWS_AUTH_MOUNT: "aws",
                                  // vault:configure sets iam_server_id_header_value to the same host (replay protection).
                                  VAULT_AWS_IAM_SERVER_ID: pulumi.output(args.vaultAddress).apply(iamServerId),
                              }
                            : {}),
                        ...(connection ? { VAULT_CONNECTION_SECRET_ID: connection.arn } : {}),
                        SECRETS_PREFIX: args.secretsPrefix,
                        SECRETS_KMS_KEY_ID: key.arn,
                        FAILURE_TOPIC_ARN: args.alertTopicArn,
                        DELETE_MODE: args.deleteMode,
                        RECOVERY_WINDOW_DAYS: String(args.recoveryWindowDays),
                        MAX_CONCURRENCY: String(args.maxConcurrency),
                        WRITE_RATE: String(args.writeRate ?? 50),
                        DRY_RUN: "false",
                        DRIFT_MODE: args.driftMode ?? "rewrite",
                        ...(args.auditTrail
                            ? {
                                  AUDIT_LOG_GROUP: args.auditTrail.logGroupName,
                                  AUDIT_FORMAT: args.auditTrail.format,
                                  ...(args.auditTrail.namespace ? { AUDIT_NAMESPACE: args.auditTrail.namespace } : {}),
                                  ...(events ? { EVENT_QUEUE_URL: events.queue.url } : {}),
                              }
                            : {}),
                    },
                },
            },
            // Lambda checks the role for ENI rights when the function is created in a VPC.
            { parent: this, dependsOn: [vpcAccess] },
        );

        const rule = new aws.cloudwatch.EventRule(
            fit(`${name}-schedule`, NAME_LIMIT.eventRule),
            { scheduleExpression: args.schedule, description: "Strongroom replication schedule" },
            parent,
        );
        new aws.cloudwatch.EventTarget(`${name}-schedule`, { rule: rule.name, arn: fn.arn }, parent);
        if (args.auditTrail && events) {
            subscribeToAudit(
                name,
                { trail: args.auditTrail, functionName: fn.name, functionArn: fn.arn, accountId, mount: args.kvMount, kvPath: args.kvPath },
                parent,
            );
            // Lambda checks at creation that the role may read the queue.
            consumeEvents(name, events.queue, fn.arn, { parent: this, dependsOn: [rolePolicy] });
        }
        // A failed run is not retried by Lambda (its asynchronous default is twice, tripling the alerts): for the
        // schedule the next tick is the retry, for an audit event the schedule is the reconciler.
        // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
        new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, { functionName: fn.name, maximumRetryAttempts: 0 }, parent);
        new aws.lambda.Permission(
            `${name}-schedule`,
            { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: rule.arn },
            parent,
        );
        alarm(
            `${name}-errors`,
            args.alertTopicArn,
            {
                alarmDescription: "The replication function failed: see the SNS message and the function's logs",
                namespace: "AWS/Lambda",
                metricName: "Errors",
                dimensions: { FunctionName: fn.name },
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
            },
            this,
        );

        this.functionName = fn.name;
        this.topicArn = pulumi.output(args.alertTopicArn);
        this.roleArn = role.arn;
        this.securityGroupId = sg.id;
        this.secretsKeyArn = key.arn;
        this.connectionSecretArn = connection?.arn;
        this.registerOutputs({ functionName: this.functionName, topicArn: this.topicArn, roleArn: this.roleArn });
    }
}
