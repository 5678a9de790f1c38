// Class check: every principal a policy names, and every IAM ARN an input refers to, exists when AWS checks it:
// the stack creates it, it is the account itself or a service principal, or it is a prerequisite the user gives in
// config (documented in README "Before the first deploy"). KMS, IAM and EKS refuse a policy or entry that names a
// missing principal; the mock runtime accepts it.
import * as assert from "assert";
import { RecordedResource, runOffline } from "../../scripts/offline/recorder";
import { MOCK_ACCOUNT_ID, mockResourceState } from "../../scripts/offline/mocks";
import { readStackConfig, shippedStacks } from "../../scripts/offline/stacks";
import { strongroom } from "../../stacks/program";
import { inputStrings } from "../support/input-strings";

const IAM_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user|group|oidc-provider|saml-provider)\/.+$/;
/** Config keys whose values are principals the user brings, checked for format by config validation. */
const DECLARED = /^strongroom:\w+Arns$/;

/** Principals named in policy documents and IAM ARNs in inputs that neither the stack nor the user provides. */
export function missingPrincipals(resources: readonly RecordedResource[], config: Record<string, string>, region = "eu-west-1"): string[] {
    const created = new Set(
        resources.filter((r) => r.custom).map((r) => String(mockResourceState({ type: r.type, name: r.name, inputs: r.inputs } as never, region).state.arn)),
    );
    const declared = new Set(
        Object.entries(config)
            .filter(([k]) => DECLARED.test(k))
            .flatMap(([, v]) => JSON.parse(v) as string[]),
    );
    const root = `arn:aws:iam::${MOCK_ACCOUNT_ID}:root`;
    const problems: string[] = [];
    for (const r of resources) {
        for (const [value, where] of inputStrings(r.inputs)) {
            // Condition values (aws:PrincipalArn patterns) need no principal to exist.
            if (/\.Condition\./.test(where)) continue;
            const isPrincipal = /\.Principal\.(AWS|Federated)/.test(where) || IAM_ARN.test(value);
            if (!isPrincipal || value === "*" || value === root || value === MOCK_ACCOUNT_ID) continue;
            if (/:iam::aws:policy\//.test(value)) continue; // AWS managed policies exist in every account.
            if (!created.has(value) && !declared.has(value)) problems.push(`${r.type} ${r.name} ${where}: ${value}`);
        }
    }
    return problems;
}

describe("every principal named exists when AWS checks it", function () {
    this.timeout(120_000);
    for (const stack of shippedStacks()) {
        it(`stack ${stack}`, async () => {
            const config = readStackConfig(stack);
            assert.deepStrictEqual(missingPrincipals((await runOffline(strongroom, stack, config)).resources, config), []);
        });
    }

    it("the check is not blind: the first version's Auto Scaling role in the data key's policy is caught", () => {
        const slr = "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
        const key = {
            type: "aws:kms/key:Key",
            name: "k",
            urn: "u",
            custom: true,
            propertyDependencies: {},
            inputs: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: [slr] }, Action: "kms:Decrypt", Resource: "*" }] }) },
        };
        assert.deepStrictEqual(missingPrincipals([key], {}), [`aws:kms/key:Key k inputs.policy.Statement[0].Principal.AWS[0]: ${slr}`]);
        assert.deepStrictEqual(missingPrincipals([key], { "strongroom:someReaderArns": JSON.stringify([slr]) }), [], "a declared prerequisite passes");
    });
});
