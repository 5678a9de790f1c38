// What every shipped stack must have, whatever its layout: network, keys, and outputs with no secret in them.
import * as assert from "assert";
import { shippedStacks } from "../../scripts/offline/stacks";
import { doc, ofType, planStack, planWith } from "../support/stack";

describe("every shipped stack", () => {
    it("ships dev (ec2-dynamodb) and prod (eks-raft) at least", () => {
        assert.ok(shippedStacks().includes("dev"));
        assert.ok(shippedStacks().includes("prod"));
    });

    for (const stack of shippedStacks()) {
        describe(stack, () => {
            it("spreads private subnets over at least two distinct zones, with no public IPs", async () => {
                const run = await planStack(stack);
                const privateSubnets = ofType(run, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-"));
                const zones = new Set(privateSubnets.map((s) => s.inputs.availabilityZone));
                assert.ok(privateSubnets.length >= 2 && zones.size === privateSubnets.length, `zones: ${[...zones]}`);
                for (const s of ofType(run, "aws:ec2/subnet:Subnet")) assert.strictEqual(s.inputs.mapPublicIpOnLaunch, false, s.name);
            });

            it("reaches KMS, Secrets Manager, STS, Logs and DynamoDB through VPC endpoints", async () => {
                const run = await planStack(stack);
                const services = ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => String(e.inputs.serviceName).split(".").pop());
                for (const s of ["kms", "secretsmanager", "sts", "logs", "dynamodb"]) assert.ok(services.includes(s), `no ${s} endpoint`);
            });

            it("creates only rotating symmetric keys whose policies name the account root as administrator", async () => {
                const run = await planStack(stack);
                const keys = ofType(run, "aws:kms/key:Key");
                assert.ok(keys.length >= 1);
                for (const key of keys) {
                    assert.strictEqual(key.inputs.enableKeyRotation, true, key.name);
                    assert.strictEqual(key.inputs.bypassPolicyLockoutSafetyCheck, false, key.name);
                    const root = doc(key.inputs.policy).Statement.find((s) => s.Sid === "RootAdministers");
                    assert.strictEqual(root.Principal.AWS, "arn:aws:iam::123456789012:root");
                }
            });

            it("gives every child resource a parent component and derives names from the stack", async () => {
                const run = await planStack(stack);
                for (const r of run.resources) {
                    // Names shortened to fit AWS's limits (infra/names.ts) keep a head of the name and a hash of the whole.
                    const shortened =
                        /^strongroom-.+-[0-9a-f]{6}$/.test(r.name) &&
                        `strongroom-${stack}`.startsWith(r.name.slice(0, r.name.length - 7).slice(0, `strongroom-${stack}`.length));
                    assert.ok(r.name.startsWith(`strongroom-${stack}`) || shortened, `${r.type} ${r.name}`);
                    if (r.custom && !r.type.startsWith("pulumi:providers:")) assert.ok(r.parent?.includes("strongroom:"), `${r.name} has no component parent`);
                }
            });

            it("exports no secret value in plain text", async () => {
                const run = await planStack(stack);
                const plain = JSON.stringify(Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !run.secretOutputs.includes(k))));
                assert.doesNotMatch(plain, /PRIVATE KEY|token|password|hvs\./i);
            });
        });
    }
});

describe("bring-your-own network", () => {
    const byo = {
        "strongroom:existingVpcId": "vpc-0a1b2c3d4e5f60718",
        "strongroom:existingPrivateSubnetIds": '["subnet-0a1b2c3d4e5f60711","subnet-0a1b2c3d4e5f60712"]',
    };

    it("is refused without saying how the VPC reaches AWS's APIs", async () => {
        await planWith("dev", byo).then(
            () => assert.fail("accepted"),
            (err) => assert.match(String(err.cause?.message ?? err), /strongroom:existingVpcEndpoints: is required with an existing VPC/),
        );
    });

    it("with existingVpcEndpoints create, adds the interface endpoints with private DNS on the given subnets (SQS for the audit-event queue)", async () => {
        const run = await planWith("dev", { ...byo, "strongroom:existingVpcEndpoints": "create" });
        const endpoints = ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.deepStrictEqual(endpoints.map((e) => e.inputs.serviceName.split(".").pop()).sort(), ["kms", "logs", "secretsmanager", "sns", "sqs", "sts"]);
        for (const e of endpoints) {
            assert.strictEqual(e.inputs.vpcId, "vpc-0a1b2c3d4e5f60718");
            assert.strictEqual(e.inputs.privateDnsEnabled, true);
            assert.deepStrictEqual(e.inputs.subnetIds, ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"]);
        }
    });

    it("uses the given VPC and subnets, creating no VPC, subnets or endpoints when they are present", async () => {
        const run = await planWith("dev", { ...byo, "strongroom:existingVpcEndpoints": "present" });
        for (const type of ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/natGateway:NatGateway"]) {
            assert.strictEqual(ofType(run, type).length, 0, type);
        }
        const asg = ofType(run, "aws:autoscaling/group:Group")[0];
        assert.deepStrictEqual(asg.inputs.vpcZoneIdentifiers, ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"]);
        const egress = ofType(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").find((r) => r.name.endsWith("-replication-fn-https"))!;
        assert.strictEqual(egress.inputs.cidrIpv4, "10.99.0.0/16", "the VPC's CIDR comes from the VPC itself");
        assert.strictEqual(run.outputs.vpcId, "vpc-0a1b2c3d4e5f60718");
    });
});
