// An error thrown inside an `apply` fails an offline run at once, with the error and where it came from, wherever
// the failing value goes: a resource input (top level, nested, in a list), a component's input, a stack output, a
// value nobody uses, an apply inside an apply, a non-Error thrown; and in the real program, a provider answer its own
// check refuses. Before, the registration it broke never finished and the run waited forever (mocha swallows the
// unhandled rejection; `npm run plan` died with a stack trace naming no resource). A failed run leaves nothing behind
// for the next one in the same process.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { OfflineRun, ProgramFailed, runOffline } from "../../scripts/offline/recorder";
import { readStackConfig } from "../../scripts/offline/stacks";
import { strongroom } from "../../stacks/program";

const CONFIG = { "aws:region": "eu-west-1" };
const boom = (what: string) => () => {
    throw new Error(`boom: ${what}`);
};

/** Runs `program`, which must fail; returns how. */
async function failure(program: () => Promise<Record<string, pulumi.Output<unknown>>>, stack = "apply-errors"): Promise<ProgramFailed> {
    const outcome = await runOffline(program, stack, CONFIG).then(
        (run: OfflineRun) => run,
        (err: unknown) => err,
    );
    assert.ok(outcome instanceof ProgramFailed, `the run did not fail: ${JSON.stringify(outcome).slice(0, 200)}`);
    return outcome;
}

/** Where an apply's value can go, and what the failure must say about it. */
const PLACEMENTS: { where: string; program: () => Promise<Record<string, pulumi.Output<unknown>>>; says: RegExp }[] = [
    {
        where: "a resource's input",
        program: async () => {
            const topic = new aws.sns.Topic("first", {});
            new aws.sns.Topic("second", { displayName: topic.arn.apply(boom("top-level input")) });
            return {};
        },
        says: /^boom: top-level input \(thrown inside an apply feeding input displayName of aws:sns\/topic:Topic "second", at test\/scripts\/offline-apply-errors\.test\.ts:\d+\)$/,
    },
    {
        where: "a nested input",
        program: async () => {
            const topic = new aws.sns.Topic("first", {});
            new aws.sns.Topic("second", { tags: { owner: topic.arn.apply(boom("nested input")) } });
            return {};
        },
        says: /^boom: nested input \(thrown inside an apply feeding input tags\.owner of aws:sns\/topic:Topic "second"/,
    },
    {
        where: "an input list",
        program: async () => {
            const topic = new aws.sns.Topic("first", {});
            new aws.iam.Role("role", {
                assumeRolePolicy: "{}",
                managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", topic.arn.apply(boom("in a list"))],
            });
            return {};
        },
        says: /^boom: in a list \(thrown inside an apply feeding input managedPolicyArns\[1\] of aws:iam\/role:Role "role"/,
    },
    {
        where: "an apply inside an apply",
        program: async () => {
            const topic = new aws.sns.Topic("first", {});
            const inner = topic.arn.apply((arn) => pulumi.output(arn).apply<string>(boom("inner apply")));
            new aws.sns.Topic("second", { displayName: inner });
            return {};
        },
        says: /^boom: inner apply \(thrown inside an apply feeding input displayName of aws:sns\/topic:Topic "second"/,
    },
    {
        where: "a stack output",
        program: async () => {
            const topic = new aws.sns.Topic("first", {});
            return { broken: topic.arn.apply(boom("stack output")) };
        },
        says: /^boom: stack output \(thrown inside an apply of stack output broken, at test\/scripts\/offline-apply-errors\.test\.ts:\d+\)$/,
    },
    {
        where: "a value nobody uses",
        program: async () => {
            const topic = new aws.sns.Topic("first", {});
            topic.arn.apply(boom("unused value"));
            return {};
        },
        says: /^boom: unused value \(thrown in a promise the program never awaited \(an apply's, most likely\), at test\/scripts\/offline-apply-errors\.test\.ts:\d+\)$/,
    },
    {
        where: "a thrown string",
        program: async () => {
            const topic = new aws.sns.Topic("first", {});
            new aws.sns.Topic("second", {
                displayName: topic.arn.apply(() => {
                    throw "not an Error";
                }),
            });
            return {};
        },
        says: /^not an Error \(thrown inside an apply feeding input displayName of aws:sns\/topic:Topic "second"\)$/,
    },
];

describe("offline runs: an error thrown inside an apply fails the run at once, saying where", function () {
    // A hang shows as this timeout; every case below settles in well under a second of program time.
    this.timeout(60_000);

    for (const placement of PLACEMENTS) {
        it(`in ${placement.where}`, async () => {
            const failed = await failure(placement.program);
            assert.match(failed.message, placement.says);
            assert.ok(
                failed.resources.some((r) => r.name === "first"),
                "what was registered before the failure is kept",
            );
        });
    }

    it("in a component's child: the child's input is named", async () => {
        class Part extends pulumi.ComponentResource {
            constructor(name: string, value: pulumi.Output<string>) {
                super("strongroom:test:Part", name, {}, {});
                new aws.sns.Topic(`${name}-topic`, { displayName: value }, { parent: this });
                this.registerOutputs({});
            }
        }
        const failed = await failure(async () => {
            const topic = new aws.sns.Topic("first", {});
            new Part("part", topic.arn.apply(boom("component child")));
            return {};
        });
        assert.match(failed.message, /^boom: component child \(thrown inside an apply feeding input displayName of aws:sns\/topic:Topic "part-topic"/);
    });

    it("without waiting for the rest of the program: a registration still pending does not hold the failure", async () => {
        let later = false;
        const failed = await failure(async () => {
            const topic = new aws.sns.Topic("first", {});
            const slow = new Promise<string>((resolve) => setTimeout(() => resolve("late"), 20_000).unref());
            new aws.sns.Topic("slow", { displayName: slow.then((v) => ((later = true), v)) });
            new aws.sns.Topic("second", { displayName: topic.arn.apply(boom("early")) });
            return {};
        });
        assert.match(failed.message, /^boom: early/);
        assert.strictEqual(later, false, "the run waited for the slow registration before failing");
    });

    it("the real program: a region with fewer zones than azCount fails with the program's own message and the subnet input", async () => {
        const config = readStackConfig("prod");
        const twoZones = (args: pulumi.runtime.MockCallArgs) =>
            args.token === "aws:index/getAvailabilityZones:getAvailabilityZones"
                ? { names: ["eu-west-1a", "eu-west-1b"], zoneIds: ["euw1-az1", "euw1-az2"] }
                : undefined;
        const outcome = await runOffline(strongroom, "prod", config, { call: twoZones }).catch((err: unknown) => err);
        assert.ok(outcome instanceof ProgramFailed, "the plan did not fail");
        assert.match(
            outcome.message,
            /^strongroom:azCount is 3, but the region has only 2 zones \(thrown inside an apply feeding input availabilityZone of aws:ec2\/subnet:Subnet "strongroom-prod-network-\w+-\d", at infra\/network\.ts:\d+\)$/,
        );
    });

    it("a failed run leaves nothing behind: the next run in the process records exactly what a fresh one does", async () => {
        const clean = async () => {
            new aws.sns.Topic("only", {});
            return {};
        };
        const before = await runOffline(clean, "apply-errors", CONFIG);
        await failure(PLACEMENTS[0].program);
        const after = await runOffline(clean, "apply-errors", CONFIG);
        // Give the abandoned program's remaining work a chance to run; none of it may reach the next run.
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.deepStrictEqual(
            after.resources.map((r) => r.name),
            before.resources.map((r) => r.name),
        );
    });

    it("runs started together (a test's Promise.all) run one after another, each recording only its own program", async () => {
        const topics = (names: string[]) => async () => {
            for (const name of names) {
                new aws.sns.Topic(name, {});
                await new Promise((resolve) => setTimeout(resolve, 10)); // let the other run interleave, if it could
            }
            return {};
        };
        const [a, b] = await Promise.all([
            runOffline(topics(["a1", "a2", "a3"]), "apply-errors-a", CONFIG),
            runOffline(topics(["b1", "b2"]), "apply-errors-b", CONFIG),
        ]);
        assert.deepStrictEqual(
            a.resources.filter((r) => r.custom && r.type === "aws:sns/topic:Topic").map((r) => r.name),
            ["a1", "a2", "a3"],
        );
        assert.deepStrictEqual(
            b.resources.filter((r) => r.custom && r.type === "aws:sns/topic:Topic").map((r) => r.name),
            ["b1", "b2"],
        );
    });
});
