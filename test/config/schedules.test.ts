// Class: schedule expressions as the service that runs them reads them. Generated: rate() over values and units in
// both numbers, every day-of-month x day-of-week pairing, field bounds just inside and outside, step schedules whose
// fastest interval is computed independently of the code under test, equivalent spellings, Kubernetes macros.
import * as assert from "assert";
import { longestIntervalSeconds } from "../../infra/schedule-interval";
import { accepted, refused, verdict } from "../support/config-verdict";
import { one, planWith } from "../support/stack";

const REPLICATION = "strongroom:replicationSchedule";
const BACKUP = "strongroom:tableBackupSchedule";
const SNAPSHOT = "strongroom:snapshotSchedule";
const ok = (stack: string, key: string, value: string) => "config" in verdict(stack, { [key]: value });

/** Minutes between the runs of "0/step" in the minutes field, every hour: the smallest gap, the hour's wrap included. */
function stepGap(step: number): number {
    const minutes = Array.from({ length: Math.ceil(60 / step) }, (_, i) => i * step).filter((m) => m < 60);
    return Math.min(...minutes.slice(1).map((m, i) => m - minutes[i]), 60 - minutes[minutes.length - 1] + minutes[0]);
}

describe("config class: schedules", () => {
    it("rate(): the unit is singular for 1 and plural above, as EventBridge requires, for every unit", () => {
        for (const unit of ["minute", "hour", "day"]) {
            for (const value of [1, 2, 3, 15, 30]) {
                for (const plural of [false, true]) {
                    const expression = `rate(${value} ${unit}${plural ? "s" : ""})`;
                    const minutes = value * { minute: 1, hour: 60, day: 1440 }[unit]!;
                    const grammatical = plural === value > 1;
                    assert.strictEqual(ok("dev", REPLICATION, expression), grammatical && minutes >= 15, expression);
                    if (!grammatical) assert.match(refused("dev", { [REPLICATION]: expression }, REPLICATION).message, /refused by EventBridge/);
                }
            }
        }
        for (const bad of ["rate(0 minutes)", "rate(-5 minutes)", "rate(1.5 hours)", "rate(2 weeks)", "rate(30minutes)", "rate()"]) {
            refused("dev", { [REPLICATION]: bad }, REPLICATION, bad);
        }
    });

    it("the 15-minute floor holds for rate() and cron() alike: every step of the minutes field", () => {
        for (let step = 1; step <= 60; step++) {
            const expression = `cron(0/${step} * * * ? *)`;
            assert.strictEqual(ok("dev", REPLICATION, expression), stepGap(step) >= 15, `${expression}: gap ${stepGap(step)}`);
        }
        assert.ok(ok("dev", REPLICATION, "rate(15 minutes)"));
        assert.ok(!ok("dev", REPLICATION, "rate(14 minutes)"));
    });

    it("AWS cron: exactly one of day-of-month and day-of-week is ?, for every pairing", () => {
        const days = ["*", "?", "1", "L", "15W"];
        const weekdays = ["*", "?", "MON", "2", "MON-FRI", "6#3", "5L"];
        for (const dom of days) {
            for (const dow of weekdays) {
                const expression = `cron(0 3 ${dom} * ${dow} *)`;
                const valid = (dom === "?") !== (dow === "?");
                for (const [stack, key] of [
                    ["dev", BACKUP],
                    ["dev", REPLICATION],
                ] as const) {
                    assert.strictEqual(ok(stack, key, expression), valid, `${key} ${expression}`);
                }
            }
        }
    });

    it("AWS cron fields: each bound just inside is taken, just outside is refused", () => {
        const fields: [string, string, string][] = [
            ["0 3 * * ? *", "59 3 * * ? *", "60 3 * * ? *"],
            ["0 3 * * ? *", "0 23 * * ? *", "0 24 * * ? *"],
            ["0 3 1 * ? *", "0 3 31 * ? *", "0 3 32 * ? *"],
            ["0 3 1 * ? *", "0 3 1 12 ? *", "0 3 1 13 ? *"],
            ["0 3 1 JAN ? *", "0 3 1 DEC ? *", "0 3 1 DEZ ? *"],
            ["0 3 ? * 1 *", "0 3 ? * 7 *", "0 3 ? * 8 *"],
            ["0 3 1 * ? 1970", "0 3 1 * ? 2199", "0 3 1 * ? 2200"],
            ["0 3 1 * ? *", "0 3 1 * ? *", "0 3 0 * ? *"],
            ["0 3 1 * ? *", "0 3 1 * ? *", "0 3 1 * ? * *"],
        ];
        for (const [low, high, out] of fields) {
            assert.ok(ok("dev", BACKUP, `cron(${low})`), low);
            assert.ok(ok("dev", BACKUP, `cron(${high})`), high);
            assert.ok(!ok("dev", BACKUP, `cron(${out})`), out);
        }
    });

    it("AWS Backup: jobs at least 60 minutes apart, whatever the spelling", () => {
        for (let step = 1; step <= 60; step++) {
            const expression = `cron(0/${step} * * * ? *)`;
            assert.strictEqual(ok("dev", BACKUP, expression), stepGap(step) >= 60, expression);
        }
        for (const hourly of ["cron(0 * * * ? *)", "cron(15 * ? * * *)", "cron(0 0-23 * * ? *)", "cron(0 */1 * * ? *)", "cron(0 0/2 * * ? *)"]) {
            accepted("dev", { [BACKUP]: hourly }, hourly);
        }
        // Twice an hour; a minute apart; 10 minutes apart across the hour (1:50 and 2:00).
        for (const tooOften of ["cron(0,30 * * * ? *)", "cron(0,59 * * * ? *)", "cron(0,50 1-2 * * ? *)"]) {
            assert.match(refused("dev", { [BACKUP]: tooOften }, BACKUP, tooOften).message, /at least 60/);
        }
        refused("dev", { [BACKUP]: "rate(1 day)" }, BACKUP, "AWS Backup takes cron only");
    });

    it("equivalent spellings get the same verdict: hourly and every-60-minutes, names and numbers, cases", () => {
        for (const same of [
            ["rate(1 hour)", "rate(60 minutes)", "cron(0 * * * ? *)", "cron(0 0/1 * * ? *)"],
            ["rate(1 day)", "rate(24 hours)", "rate(1440 minutes)", "cron(0 0 * * ? *)"],
            ["cron(0 3 ? * MON-FRI *)", "cron(0 3 ? * 2-6 *)", "cron(0 3 ? * mon-fri *)"],
        ]) {
            for (const expression of same) accepted("dev", { [REPLICATION]: expression }, expression);
        }
        for (const expression of ["cron(0 3 1 JAN ? *)", "cron(0 3 1 1 ? *)", "cron(0 3 1 jan ? *)"]) accepted("dev", { [BACKUP]: expression }, expression);
    });

    it("Kubernetes CronJobs: the documented macros and five fields; six fields, TZ= and @every are refused", () => {
        for (const macro of ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]) accepted("prod", { [SNAPSHOT]: macro }, macro);
        for (const good of ["0 */6 * * *", "0 0 * * *", "30 3 * * 0", "30 3 * * 6", "30 3 * * SUN", "30 3 * * mon-fri", "0 0 13 * 5", "0 0 ? * *"]) {
            accepted("prod", { [SNAPSHOT]: good }, good);
        }
        for (const bad of [
            "0 */6 * * * *",
            "TZ=UTC 0 3 * * *",
            "CRON_TZ=UTC 0 3 * * *",
            "@every 1h",
            "@fortnightly",
            "0 3 * * 7",
            "60 3 * * *",
            "0 24 * * *",
            "0 3 0 * *",
            "0 3 * 13 *",
            "0 3 L * *",
        ]) {
            refused("prod", { [SNAPSHOT]: bad }, SNAPSHOT, bad);
        }
    });

    it("every backup and snapshot schedule the config takes, the program can read the interval of (its age alarms)", () => {
        // Hourly and finer walks take the reader seconds each (two years of runs): one of each kind is enough here.
        const backups = [
            "cron(0 0/2 * * ? *)",
            "cron(0 3 ? * MON-FRI *)",
            "cron(0 3 ? * 6#3 *)",
            "cron(0 3 15W * ? *)",
            "cron(0 3 L * ? *)",
            "cron(0 3 ? * 5L *)",
        ];
        const snapshots = [
            "@yearly",
            "@annually",
            "@monthly",
            "@weekly",
            "@daily",
            "@midnight",
            "@hourly",
            "0 0/6 * * *",
            "30 3 * * mon-fri",
            "0 0 13 * 5",
            "0 0 ? * *",
        ];
        for (const [stack, key, expressions] of [
            ["dev", BACKUP, backups],
            ["prod", SNAPSHOT, snapshots],
        ] as const) {
            for (const expression of expressions) {
                accepted(stack, { [key]: expression }, expression);
                const seconds = longestIntervalSeconds(expression);
                assert.ok(seconds > 0 && Number.isFinite(seconds), `${expression}: ${seconds}`);
            }
        }
    });

    it("the shipped stacks, mutated: prod snapshots @daily and dev backs up hourly, and they plan with it", async () => {
        const prod = await planWith("prod", { [SNAPSHOT]: "@daily" }, "prod-daily-snapshots");
        assert.strictEqual(one(prod, "kubernetes:batch/v1:CronJob").inputs.spec.schedule, "@daily");
        const dev = await planWith("dev", { [BACKUP]: "cron(0 * * * ? *)", [REPLICATION]: "rate(1 hour)" }, "dev-hourly");
        assert.strictEqual(one(dev, "aws:backup/plan:Plan").inputs.rules[0].schedule, "cron(0 * * * ? *)");
    });
});
