// The dev stack (ec2-dynamodb) under mocks: what it registers is what production gets.
import * as assert from "assert";
import { VAULT_DYNAMODB_ACTIONS } from "../../infra/vault-ec2/instance-policy";
import { architectureOf } from "../../infra/architecture";
import { doc, one, ofType, planStack, planWith } from "../support/stack";

const stack = () => planStack("dev");

describe("dev stack (ec2-dynamodb)", () => {
    it("stores Vault in a Path/Key table with PITR and the data CMK", async () => {
        const run = await stack();
        const table = one(run, "aws:dynamodb/table:Table");
        assert.strictEqual(table.inputs.hashKey, "Path");
        assert.strictEqual(table.inputs.rangeKey, "Key");
        assert.deepStrictEqual(table.inputs.attributes, [
            { name: "Path", type: "S" },
            { name: "Key", type: "S" },
        ]);
        assert.strictEqual(table.inputs.billingMode, "PAY_PER_REQUEST");
        assert.strictEqual(table.inputs.pointInTimeRecovery.enabled, true);
        assert.strictEqual(table.inputs.serverSideEncryption.enabled, true);
        assert.strictEqual(table.inputs.serverSideEncryption.kmsKeyArn, dataKeyArn(run));
        assert.strictEqual(table.inputs.deletionProtectionEnabled, false, "dev turns deletion protection off");
    });

    it("gives the node role exactly Vault's DynamoDB actions on the table, and the three unseal actions on the unseal key", async () => {
        const run = await stack();
        const storage = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-node-storage").inputs.policy).Statement;
        assert.strictEqual(storage.length, 1);
        assert.deepStrictEqual(storage[0].Action, VAULT_DYNAMODB_ACTIONS);
        const table = tableArn(run);
        assert.deepStrictEqual(storage[0].Resource, [table, `${table}/index/*`, `${table}/stream/*`]);
        for (const a of storage[0].Action) assert.doesNotMatch(a, /\*/);

        const unseal = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-node-unseal").inputs.policy).Statement;
        const unsealKey = unsealKeyArn(run);
        assert.deepStrictEqual(unseal[0], {
            Sid: "VaultAutoUnseal",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
            Resource: [unsealKey],
        });
        const dataKey = one(run, "aws:kms/key:Key", "-data-key").urn;
        const dataKeyArn = unseal[1].NotResource[1];
        assert.match(dataKeyArn, /key\/strongroom-dev-data-key-key-id$/, dataKey);
        assert.deepStrictEqual(unseal[1], { Sid: "NoOtherKeys", Effect: "Deny", Action: ["kms:*"], NotResource: [unsealKey, dataKeyArn] });
        // The table's key is used by DynamoDB with the node's identity: allowed through DynamoDB only, denied otherwise.
        const tableKey = doc(one(run, "aws:iam/rolePolicy:RolePolicy", "-node-table-key").inputs.policy).Statement;
        assert.deepStrictEqual(tableKey[0].Resource, [dataKeyArn]);
        assert.deepStrictEqual(tableKey[0].Condition, {
            StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com", "kms:CallerAccount": "123456789012" },
        });
        assert.deepStrictEqual(tableKey[1], {
            Sid: "TableKeyOnlyThroughDynamoDB",
            Effect: "Deny",
            Action: ["kms:*"],
            Resource: [dataKeyArn],
            Condition: { StringNotEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
        });
        assert.strictEqual(
            one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "-node-ssm").inputs.policyArn,
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        );
    });

    it("lets only the node role use the unseal key", async () => {
        const run = await stack();
        const policy = doc(one(run, "aws:kms/key:Key", "-unseal-key").inputs.policy).Statement;
        const role = one(run, "aws:iam/role:Role", "-vault-node");
        const roleArn = `arn:aws:iam::123456789012:role/${role.name}-0000000`;
        const use = policy.find((s) => s.Sid === "UseByRole0");
        assert.deepStrictEqual(use.Principal.AWS, [roleArn]);
        const deny = policy.find((s) => s.Sid === "NoUseByOthers");
        assert.strictEqual(deny.Effect, "Deny");
        assert.deepStrictEqual(deny.Condition.ArnNotEquals["aws:PrincipalArn"], [roleArn]);
        assert.strictEqual(policy.length, 3);
    });

    it("launches nodes with IMDSv2, an encrypted gp3 root volume, no public IP and no SSH key", async () => {
        const run = await stack();
        const lt = one(run, "aws:ec2/launchTemplate:LaunchTemplate");
        assert.deepStrictEqual(lt.inputs.metadataOptions, {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
            instanceMetadataTags: "disabled",
        });
        const [root] = lt.inputs.blockDeviceMappings;
        assert.strictEqual(root.ebs.encrypted, "true");
        assert.strictEqual(root.ebs.volumeType, "gp3");
        assert.strictEqual(root.ebs.kmsKeyId, dataKeyArn(run));
        assert.strictEqual(lt.inputs.networkInterfaces[0].associatePublicIpAddress, "false");
        assert.strictEqual(lt.inputs.keyName, undefined);
        assert.match(lt.inputs.imageId, /al2023-ami-kernel-default-arm64$/);
        const userData = Buffer.from(lt.inputs.userData, "base64").toString();
        assert.match(userData, /vault_2\.0\.4_linux_arm64\.zip/);
        assert.ok(userData.includes(`kms_key_id = "${unsealKeyArn(run)}"`));
        // Only the internal load balancer's subnets may set X-Forwarded-For, not the whole VPC.
        const privateCidrs = ofType(run, "aws:ec2/subnet:Subnet")
            .filter((s) => s.name.includes("-private-"))
            .map((s) => s.inputs.cidrBlock);
        assert.match(userData, new RegExp(`x_forwarded_for_authorized_addrs += "${privateCidrs.join(",").replace(/\./g, "\\.")}"`));
        assert.doesNotMatch(userData, /x_forwarded_for_authorized_addrs += "10\.20\.0\.0\/16"/);
    });

    it("runs an ASG over the private subnets with EC2 health checks, and no refresh `pulumi up` could start in any order", async () => {
        const run = await stack();
        const asg = one(run, "aws:autoscaling/group:Group");
        assert.strictEqual(asg.inputs.minSize, 2);
        assert.strictEqual(asg.inputs.desiredCapacity, 2);
        assert.strictEqual(asg.inputs.healthCheckType, "EC2");
        // An instance refresh may take the active node first; vault:upgrade orders the replacements instead.
        assert.strictEqual(asg.inputs.instanceRefresh, undefined);
        const privateSubnets = ofType(run, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-"));
        assert.deepStrictEqual(
            asg.inputs.vpcZoneIdentifiers,
            privateSubnets.map((s) => `${s.name}-id`),
        );
        assert.strictEqual(new Set(privateSubnets.map((s) => s.inputs.availabilityZone)).size, 2);
    });

    it("health-checks /v1/sys/health so sealed (503) and uninitialised (501) nodes are never in service", async () => {
        const run = await stack();
        const tg = one(run, "aws:lb/targetGroup:TargetGroup");
        assert.strictEqual(tg.inputs.protocol, "HTTPS");
        assert.strictEqual(tg.inputs.port, 8200);
        assert.strictEqual(tg.inputs.healthCheck.path, "/v1/sys/health");
        const healthy = String(tg.inputs.healthCheck.matcher).split(",");
        assert.deepStrictEqual(healthy, ["200", "429", "473"]);
        for (const code of ["501", "503"]) assert.ok(!healthy.includes(code));
    });

    it("serves HTTPS with a TLS 1.2+ policy, redirects HTTP, drops invalid headers, and stays internal", async () => {
        const run = await stack();
        const alb = one(run, "aws:lb/loadBalancer:LoadBalancer");
        assert.strictEqual(alb.inputs.internal, true);
        assert.strictEqual(alb.inputs.dropInvalidHeaderFields, true);
        const https = one(run, "aws:lb/listener:Listener", "-https");
        assert.strictEqual(https.inputs.protocol, "HTTPS");
        assert.strictEqual(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        const http = one(run, "aws:lb/listener:Listener", "-http");
        assert.strictEqual(http.inputs.defaultActions[0].type, "redirect");
        assert.strictEqual(http.inputs.defaultActions[0].redirect.protocol, "HTTPS");
    });

    it("opens 443/80 only to allowed CIDRs, 8200 only from the load balancer (and functions), 8201 only between nodes", async () => {
        const run = await stack();
        const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.includes("-vault-"));
        const lbSg = `${one(run, "aws:ec2/securityGroup:SecurityGroup", "-sg-lb").name}-id`;
        const nodeSg = `${one(run, "aws:ec2/securityGroup:SecurityGroup", "-sg-node").name}-id`;
        const probeSg = `${one(run, "aws:ec2/securityGroup:SecurityGroup", "-probe-fn").name}-id`;
        for (const rule of rules) {
            const { fromPort, cidrIpv4, referencedSecurityGroupId, securityGroupId } = rule.inputs;
            if (fromPort === 443 || fromPort === 80) {
                assert.strictEqual(securityGroupId, lbSg, rule.name);
                assert.ok(cidrIpv4 === "10.0.0.0/8" || referencedSecurityGroupId !== undefined, rule.name);
            } else if (fromPort === 8200) {
                // The load balancer, and the health probe, which asks each node's sys/health directly.
                assert.strictEqual(securityGroupId, nodeSg, rule.name);
                assert.ok([lbSg, probeSg].includes(referencedSecurityGroupId), rule.name);
            } else if (fromPort === 8201) {
                assert.deepStrictEqual([securityGroupId, referencedSecurityGroupId], [nodeSg, nodeSg], rule.name);
            } else {
                assert.fail(`unexpected ingress ${rule.name} on port ${fromPort}`);
            }
            assert.notStrictEqual(cidrIpv4, "0.0.0.0/0", rule.name);
        }
    });

    it("exports the URL, table, key, ASG and role, and no secret", async () => {
        const run = await stack();
        for (const key of ["vaultUrl", "tableName", "unsealKeyArn", "autoScalingGroupName", "instanceRoleArn"]) assert.ok(run.outputs[key], key);
        assert.match(String(run.outputs.vaultUrl), /^https:\/\//);
        assert.doesNotMatch(JSON.stringify(run.outputs), /PRIVATE KEY/);
    });

    it("uses a given ACM certificate instead of generating one", async () => {
        const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6a5c1e-7d2f-4c8e-9a51-3f0e2d4b6c7a";
        const run = await planWith("dev", { "strongroom:certificateArn": arn, "strongroom:vaultDomain": "vault.dev.example.com" });
        assert.strictEqual(
            one(run, "aws:lambda/function:Function", "-replication-fn").inputs.environment.variables.VAULT_ADDR,
            "https://vault.dev.example.com",
        );
        assert.strictEqual(one(run, "aws:lb/listener:Listener", "-https").inputs.certificateArn, arn);
        assert.strictEqual(ofType(run, "tls:index/privateKey:PrivateKey").length, 0);
    });

    it("picks the binary's architecture from the instance family", () => {
        for (const t of ["t4g.micro", "m7g.large", "c7gn.xlarge", "r8gd.2xlarge"]) assert.strictEqual(architectureOf(t), "arm64", t);
        for (const t of ["t3.small", "m7i.large", "g5.xlarge", "m6a.large"]) assert.strictEqual(architectureOf(t), "amd64", t);
    });
});

function dataKeyArn(run: Awaited<ReturnType<typeof stack>>): string {
    return `arn:aws:kms:eu-west-1:123456789012:key/${one(run, "aws:kms/key:Key", "-data-key").name}-key-id`;
}
function unsealKeyArn(run: Awaited<ReturnType<typeof stack>>): string {
    return `arn:aws:kms:eu-west-1:123456789012:key/${one(run, "aws:kms/key:Key", "-unseal-key").name}-key-id`;
}
function tableArn(run: Awaited<ReturnType<typeof stack>>): string {
    return `arn:aws:dynamodb:eu-west-1:123456789012:table/${one(run, "aws:dynamodb/table:Table").name}-0000000`;
}

describe("dev stack, internet-facing", () => {
    it("puts the load balancer in the public subnets when replication is off", async () => {
        const run = await planWith("dev", {
            "strongroom:loadBalancerScheme": "internet-facing",
            "strongroom:replicationEnabled": "false",
            "strongroom:allowedCidrs": '["203.0.113.0/24"]',
        });
        const alb = one(run, "aws:lb/loadBalancer:LoadBalancer");
        assert.strictEqual(alb.inputs.internal, false);
        const publicSubnets = ofType(run, "aws:ec2/subnet:Subnet")
            .filter((s) => s.name.includes("-public-"))
            .map((s) => `${s.name}-id`);
        assert.deepStrictEqual(alb.inputs.subnets, publicSubnets);
    });
});
