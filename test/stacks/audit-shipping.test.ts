// Vault's audit trail leaves every node as it is written, into a log group with the stack's retention and key.
import * as assert from "assert";
import { AUDIT_LOG } from "../../infra/vault-ec2/audit-shipping";
import { doc, one, planStack } from "../support/stack";

describe("audit logs are shipped and kept", () => {
    it("ec2-dynamodb: the CloudWatch agent ships the file audit log to an encrypted group the node may only append to", async () => {
        const run = await planStack("dev");
        const group = one(run, "aws:cloudwatch/logGroup:LogGroup", "-vault-audit");
        assert.strictEqual(group.inputs.retentionInDays, 30);
        assert.match(group.inputs.kmsKeyId, /strongroom-dev-data-key/);
        const policy = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-node-audit").inputs.policy).Statement;
        assert.deepStrictEqual(policy[0].Action, ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
        const groupArn = `arn:aws:logs:eu-west-1:123456789012:log-group:${group.name}-0000000`;
        assert.deepStrictEqual(policy[0].Resource, [groupArn, `${groupArn}:*`]);
        const userData = Buffer.from(one(run, "aws:ec2/launchTemplate:LaunchTemplate").inputs.userData, "base64").toString();
        assert.ok(userData.includes(`"file_path": "${AUDIT_LOG}"`));
        assert.ok(userData.includes(`"log_group_name": "${group.name}-0000000"`));
        assert.match(userData, /amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s/);
        assert.match(userData, /postrotate\n\s+\/usr\/bin\/systemctl reload vault.service/);
    });

    it("eks-raft: the CloudWatch Observability add-on ships container logs through IRSA into pre-made encrypted groups", async () => {
        const run = await planStack("prod");
        const addon = one(run, "aws:eks/addon:Addon", "-logs-addon");
        assert.strictEqual(addon.inputs.addonName, "amazon-cloudwatch-observability");
        const role = one(run, "aws:iam/role:Role", "-logs-irsa");
        assert.match(JSON.stringify(doc(role.inputs.assumeRolePolicy)), /system:serviceaccount:amazon-cloudwatch:cloudwatch-agent/);
        const application = one(run, "aws:cloudwatch/logGroup:LogGroup", "-logs-application");
        assert.match(application.inputs.name, /^\/aws\/containerinsights\/strongroom-prod-vault-cluster\/application$/);
        assert.match(application.inputs.kmsKeyId, /strongroom-prod-data-key/);
        const controlPlane = one(run, "aws:cloudwatch/logGroup:LogGroup", "-control-plane-logs");
        assert.strictEqual(controlPlane.inputs.name, `/aws/eks/${one(run, "aws:eks/cluster:Cluster").inputs.name}/cluster`);
        assert.strictEqual(controlPlane.inputs.retentionInDays, 365);
    });
});
