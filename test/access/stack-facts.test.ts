// The matrix's view of a plan: a role's identity policies from every place Pulumi can put them, and the resource
// policy AWS would consult for an ARN.
import * as assert from "assert";
import { StackFacts } from "../../scripts/access/stack-facts";
import { RecordedResource } from "../../scripts/offline/recorder";

const doc = (sid: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const resource = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({
    type,
    name,
    urn: `urn:pulumi:t::p::${type}::${name}`,
    custom: true,
    inputs,
    propertyDependencies: {},
});
const facts = (...resources: RecordedResource[]) => new StackFacts({ resources, outputs: {}, secretOutputs: [] }, "eu-west-1");

describe("the access matrix's stack facts", () => {
    it("collects a role's inline, on-role, customer-managed and AWS-managed policies", () => {
        const f = facts(
            resource("aws:iam/role:Role", "app", {
                inlinePolicies: [{ name: "on-role", policy: doc("OnRole") }],
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
            }),
            resource("aws:iam/rolePolicy:RolePolicy", "inline", { role: "app-id", policy: doc("Inline") }),
            resource("aws:iam/policy:Policy", "mine", { policy: doc("CustomerManaged") }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", {
                role: "app-0000000",
                policyArn: "arn:aws:iam::123456789012:policy/mine-0000000",
            }),
            resource("aws:iam/rolePolicy:RolePolicy", "someone-else", { role: "other-id", policy: doc("NotMine") }),
        );
        const policies = f.identityPolicies("app");
        assert.deepStrictEqual(
            policies.map((p) => p.name),
            ["inline", "on-role", "mine", "AmazonSSMManagedInstanceCore"],
        );
        assert.ok(JSON.stringify(policies[3].policy).includes("ssm:UpdateInstanceInformation"), "the AWS-managed document is AWS's");
    });

    it("refuses an attached policy it cannot read, rather than evaluating without it", () => {
        const f = facts(
            resource("aws:iam/role:Role", "app", {}),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", {
                role: "app-0000000",
                policyArn: "arn:aws:iam::123456789012:policy/elsewhere",
            }),
        );
        assert.throws(() => f.identityPolicies("app"), /neither planned by the stack nor AWS-managed/);
    });

    it("refuses a topic with SNS's default policy, which it does not model", () => {
        const f = facts(resource("aws:sns/topic:Topic", "alerts", {}));
        assert.throws(() => f.resourcePolicy("arn:aws:sns:eu-west-1:123456789012:alerts-0000000"), /default policy/);
    });
});
