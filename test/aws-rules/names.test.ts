// Class check: every physical name the program creates, given or autonamed, fits AWS's (and Kubernetes') limit for
// its type, for every shipped and example stack and for long stack names.
import * as assert from "assert";
import { shippedStacks, readStackConfig } from "../../scripts/offline/stacks";
import { runOffline } from "../../scripts/offline/recorder";
import { strongroom } from "../../stacks/program";
import { nameProblems } from "../support/aws-names";

const LONG_STACK_NAMES = ["production-eu-central", "platform-team-production-eu-central-1"];

describe("physical names fit AWS's limits", function () {
    this.timeout(120_000);
    for (const stack of shippedStacks()) {
        it(`stack ${stack}`, async () => {
            assert.deepStrictEqual(nameProblems((await runOffline(strongroom, stack, readStackConfig(stack))).resources), []);
        });
        for (const long of LONG_STACK_NAMES) {
            it(`stack ${stack}'s config under the name ${long}`, async () => {
                assert.deepStrictEqual(nameProblems((await runOffline(strongroom, long, readStackConfig(stack))).resources), []);
            });
        }
    }

    it("the check is not blind: a load balancer named as the first version named it is caught", () => {
        const problems = nameProblems([
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "strongroom-dev-vault-lb-alb", urn: "u", custom: true, inputs: {}, propertyDependencies: {} },
        ]);
        assert.match(problems[0], /is 35 characters, over 32/);
        assert.match(
            nameProblems([{ type: "aws:new/thing:Thing", name: "x", urn: "u", custom: true, inputs: {}, propertyDependencies: {} }])[0],
            /no name rule/,
        );
    });
});
