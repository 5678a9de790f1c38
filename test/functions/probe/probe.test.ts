// The probe's pure parts, and its wiring in both shipped stacks: every alarm reads a metric the probe publishes for
// the stack name its Lambda is given, and its settings fail clearly. (The probe against a real Vault, with every
// alarm's metric read from the shipped bundle's output, is in test/rehearsal/lifecycle.test.ts.)
import * as assert from "assert";
import { datum, emfRecord, METRICS, metricsInRecord } from "../../../functions/probe/metrics";
import { readProbeSettings } from "../../../functions/probe/settings";
import { longestIntervalSeconds } from "../../../infra/schedule-interval";
import { decodeRootToken } from "../../../scripts/ops/root-token";
import { plannedProbeAlarms } from "../../../scripts/rehearse/probe";
import { planStack } from "../../support/stack";

describe("health probe", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: five alarms, each on a metric the probe publishes under its Lambda's stack name, missing data breaching`, async () => {
            const run = await planStack(stack);
            const fn = run.resources.find((r) => r.type === "aws:lambda/function:Function" && r.name.endsWith("-probe-fn"))!;
            const env = fn.inputs.environment.variables;
            const published = metricsInRecord(
                emfRecord(
                    Object.values(METRICS).map((m) => datum(env.STACK_NAME, m, 1)),
                    new Date(),
                )!,
            );
            const alarms = plannedProbeAlarms(run.resources);
            assert.deepStrictEqual(alarms.map((a) => a.metricName).sort(), Object.values(METRICS).sort());
            for (const alarm of alarms) {
                assert.ok(
                    published.some(
                        (p) =>
                            p.namespace === alarm.namespace && p.name === alarm.metricName && JSON.stringify(p.dimensions) === JSON.stringify(alarm.dimensions),
                    ),
                    alarm.name,
                );
                const resource = run.resources.find((r) => r.name === alarm.name)!;
                assert.strictEqual(resource.inputs.treatMissingData, "breaching", alarm.name);
                assert.ok(resource.inputs.alarmActions.length === 1 && resource.inputs.okActions.length === 1, alarm.name);
            }
            assert.ok(run.resources.some((r) => r.type === "aws:cloudwatch/dashboard:Dashboard"));
            assert.strictEqual(env.EXPECTED_NODES, String(run.outputs.vaultNodes));
            assert.doesNotThrow(() =>
                readProbeSettings({
                    ...env,
                    AWS_REGION: "eu-west-1",
                    EKS_CA_DATA: env.EKS_CA_DATA ?? "",
                    ...(env.DISCOVERY === "kubernetes" ? { EKS_CA_DATA: Buffer.from("-----BEGIN CERTIFICATE-----").toString("base64") } : {}),
                }),
            );
        });
    }

    it("thresholds follow each alarm's meaning", async () => {
        const alarms = plannedProbeAlarms((await planStack("prod")).resources);
        const by = (m: string) => alarms.find((a) => a.metricName === m)!;
        assert.deepStrictEqual(
            [0, 1, 2].map((v) => by(METRICS.sealedNodes).breaches(v)),
            [false, true, true],
        );
        assert.deepStrictEqual(
            [0, 1, 2].map((v) => by(METRICS.activeNodes).breaches(v)),
            [true, false, true],
        );
        assert.deepStrictEqual(
            [0, 1, 2].map((v) => by(METRICS.failureTolerance).breaches(v)),
            [true, false, false],
        );
        const interval = longestIntervalSeconds("0 */6 * * *");
        assert.deepStrictEqual(
            [interval, 2 * interval + 1].map((v) => by(METRICS.backupAgeSeconds).breaches(v)),
            [false, true],
        );
        assert.deepStrictEqual(
            [29, 30].map((v) => by(METRICS.certificateDaysLeft).breaches(v)),
            [true, false],
        );
    });

    it("an EMF record carries every metric with its namespace, dimensions and unit, and reads back", () => {
        const data = [datum("dev", METRICS.sealedNodes, 2), datum("dev", METRICS.backupAgeSeconds, 90)];
        const line = emfRecord(data, new Date(0))!;
        const record = JSON.parse(line);
        assert.strictEqual(record._aws.CloudWatchMetrics[0].Namespace, "Strongroom/Vault");
        assert.deepStrictEqual(record._aws.CloudWatchMetrics[0].Dimensions, [["Stack"]]);
        assert.deepStrictEqual(metricsInRecord(line), data);
        assert.strictEqual(emfRecord([], new Date()), undefined);
    });

    it("settings name the variable that is missing or wrong", () => {
        assert.throws(() => readProbeSettings({}), /STACK_NAME|EXPECTED_NODES/);
        const base = {
            STACK_NAME: "dev",
            STORAGE: "raft",
            EXPECTED_NODES: "3",
            VAULT_AWS_ROLE: "r",
            AWS_REGION: "eu-west-1",
            BACKUP_SOURCE: "s3",
            SNAPSHOT_BUCKET: "b",
        };
        assert.throws(() => readProbeSettings({ ...base, DISCOVERY: "dns" }), /DISCOVERY is "dns"/);
        assert.throws(() => readProbeSettings({ ...base, DISCOVERY: "asg" }), /ASG_NAME is not set/);
        assert.throws(() => readProbeSettings({ ...base, DISCOVERY: "static", VAULT_NODES: "https://a", EXPECTED_NODES: "three" }), /EXPECTED_NODES/);
        assert.throws(() => readProbeSettings({ ...base, DISCOVERY: "static", VAULT_NODES: "https://a", VAULT_CA_CERT: "nope" }), /VAULT_CA_CERT/);
    });
});

describe("schedule intervals", () => {
    it("reads Kubernetes cron, AWS cron and rate expressions as their longest gap", () => {
        assert.strictEqual(longestIntervalSeconds("0 */6 * * *"), 21_600);
        assert.strictEqual(longestIntervalSeconds("cron(0 3 * * ? *)"), 86_400);
        assert.strictEqual(longestIntervalSeconds("cron(0 3 ? * MON *)"), 604_800);
        assert.strictEqual(longestIntervalSeconds("rate(12 hours)"), 43_200);
        assert.strictEqual(longestIntervalSeconds("0 0 1 * *"), 31 * 86_400, "the longest month");
        assert.throws(() => longestIntervalSeconds("every day"), /5 fields/);
    });
});

describe("break-glass token decoding", () => {
    it("undoes Vault's encoding (base64 of token XOR one-time password), and refuses a mismatched pair", () => {
        const token = "hvs.CAESIJexampleexampleexample";
        const otp = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij".slice(0, token.length);
        const encoded = Buffer.from([...token].map((ch, i) => ch.charCodeAt(0) ^ otp.charCodeAt(i)))
            .toString("base64")
            .replace(/=+$/, "");
        assert.strictEqual(decodeRootToken(encoded, otp), token);
        assert.throws(() => decodeRootToken(encoded, otp.slice(1)), /different attempts/);
    });
});
