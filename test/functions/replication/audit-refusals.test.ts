// Untrusted input: every malformed, oversized, foreign-log-group or foreign-path event is refused whole, with a
// reported error and no call to Vault or a write to Secrets Manager. The classes are generated, not only listed:
// every field of a valid delivery and of a valid line is broken in turn, and meaning-preserving rewrites of a valid
// line (key order, whitespace, JSON escapes, extra fields) must not change the verdict.
import * as assert from "assert";
import { gzipSync } from "zlib";
import { decodeAuditEvent, EVENT_LIMITS, EventSource } from "../../../functions/replication/audit-event";
import { SyncError } from "../../../functions/replication/errors";
import { runHandler } from "../../support/fakes/run";
import { MOUNT, startWorld, World } from "../../support/fakes/world";
import { ACCOUNT, AUDIT_LOG_GROUP, auditLine, containerRecord, delivery, LAMBDA_CONTEXT, subscriptionEvent, VAULT_NAMESPACE } from "../../support/audit-events";

const SOURCE: EventSource = { logGroup: AUDIT_LOG_GROUP, format: "file", account: ACCOUNT };
const CONTAINER_SOURCE: EventSource = { logGroup: AUDIT_LOG_GROUP, format: "container", namespace: VAULT_NAMESPACE, account: ACCOUNT };
const SCOPE = { mount: MOUNT, path: "" };
const good = (p = "team/db") => auditLine(`${MOUNT}/data/${p}`);

/** The kind a decode refuses with, or the paths it accepts. */
function verdict(event: unknown, source = SOURCE, scope = SCOPE): string | string[] {
    try {
        const batch = decodeAuditEvent(event, source, scope);
        return batch.control ? "control" : batch.paths;
    } catch (err) {
        if (!(err instanceof SyncError)) throw err;
        return err.kind;
    }
}

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
    return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe("audit events: refusals", () => {
    describe("the envelope", () => {
        const cases: [string, unknown, string][] = [
            ["no event", undefined, "event-malformed"],
            ["an empty object", {}, "event-malformed"],
            ["awslogs without data", { awslogs: {} }, "event-malformed"],
            ["data not a string", { awslogs: { data: 5 } }, "event-malformed"],
            ["data not base64", { awslogs: { data: "!!!!" } }, "event-malformed"],
            ["base64 with a broken length", { awslogs: { data: "H4sIA" } }, "event-malformed"],
            ["base64 of plain text", { awslogs: { data: Buffer.from("hello, world").toString("base64") } }, "event-malformed"],
            ["gzip of plain text", subscriptionEvent("not json at all"), "event-malformed"],
            ["gzip of a JSON array", subscriptionEvent([]), "event-malformed"],
            [
                "truncated gzip",
                {
                    awslogs: {
                        data: gzipSync(Buffer.from(JSON.stringify(delivery([good()]))))
                            .subarray(0, 40)
                            .toString("base64"),
                    },
                },
                "event-malformed",
            ],
            ["over 1 MB of data", { awslogs: { data: "A".repeat(EVENT_LIMITS.dataChars + 4) } }, "event-too-large"],
            ["a gzip bomb", { awslogs: { data: gzipSync(Buffer.alloc(EVENT_LIMITS.jsonBytes + 1024, 0x20)).toString("base64") } }, "event-too-large"],
        ];
        for (const [what, event, kind] of cases) it(`refuses ${what} (${kind})`, () => assert.strictEqual(verdict(event), kind));

        it("refuses every field of a delivery removed or of the wrong type", () => {
            const valid = delivery([good()]);
            for (const field of ["messageType", "owner", "logGroup", "logStream", "logEvents"]) {
                const { [field]: _gone, ...without } = valid;
                assert.strictEqual(verdict(subscriptionEvent(without)), "event-malformed", `without ${field}`);
                for (const wrong of [null, 7, true, {}, []])
                    if (!(field === "logEvents" && Array.isArray(wrong)))
                        assert.strictEqual(verdict(subscriptionEvent({ ...valid, [field]: wrong })), "event-malformed", `${field}: ${JSON.stringify(wrong)}`);
            }
            const event = (valid.logEvents as object[])[0];
            for (const [field, wrong] of [
                ["id", 1],
                ["timestamp", "now"],
                ["message", { path: "x" }],
            ] as const)
                assert.strictEqual(
                    verdict(subscriptionEvent({ ...valid, logEvents: [{ ...event, [field]: wrong }] })),
                    "event-malformed",
                    `logEvents[0].${field}`,
                );
            assert.strictEqual(verdict(subscriptionEvent({ ...valid, messageType: "DATA" })), "event-malformed");
        });

        it("refuses another log group or another account", () => {
            assert.strictEqual(verdict(subscriptionEvent(delivery([good()], { logGroup: "someone-elses-group" }))), "event-foreign-log-group");
            assert.strictEqual(verdict(subscriptionEvent(delivery([good()], { owner: "210987654321" }))), "event-foreign-log-group");
        });

        it("bounds the batch: log events, the size of one, and distinct paths", () => {
            const many = Array.from({ length: EVENT_LIMITS.logEvents + 1 }, () => good());
            assert.strictEqual(verdict(subscriptionEvent(delivery(many))), "event-too-large");
            assert.strictEqual(verdict(subscriptionEvent(delivery([good(`big/${"x".repeat(EVENT_LIMITS.messageBytes)}`)]))), "event-too-large");
            const paths = Array.from({ length: EVENT_LIMITS.paths + 1 }, (_, i) => good(`p/${i}`));
            assert.strictEqual(verdict(subscriptionEvent(delivery(paths))), "event-too-large");
            const duplicates = Array.from({ length: EVENT_LIMITS.paths * 3 }, (_, i) => good(`p/${i % 10}`));
            assert.strictEqual((verdict(subscriptionEvent(delivery(duplicates))) as string[]).length, 10, "duplicates count once");
        });
    });

    describe("the lines", () => {
        const refusedLines: [string, string, string][] = [
            ["the request entry (written before Vault acts)", auditLine(`${MOUNT}/data/a`, { type: "request" }), "event-malformed"],
            ["a failed write", auditLine(`${MOUNT}/data/a`, { error: "permission denied" }), "event-malformed"],
            ["a failed write with an empty error", auditLine(`${MOUNT}/data/a`, { error: "" }), "event-malformed"],
            ["a read", auditLine(`${MOUNT}/data/a`, { operation: "read" }), "event-malformed"],
            ["a list", auditLine(`${MOUNT}/metadata/`, { operation: "list" }), "event-malformed"],
            ["another mount", auditLine("super-secret-engine/data/root-credentials"), "event-foreign-path"],
            ["a mount that only starts like ours", auditLine(`${MOUNT}-2/data/a`), "event-foreign-path"],
            ["a system path", auditLine("sys/policies/acl/replication"), "event-foreign-path"],
            ["the mount's config", auditLine(`${MOUNT}/config`), "event-foreign-path"],
            ["a KV endpoint that changes no secret", auditLine(`${MOUNT}/subkeys/a`), "event-foreign-path"],
            ["a .. segment", auditLine(`${MOUNT}/data/a/../../sys`), "event-malformed"],
            ["a . segment", auditLine(`${MOUNT}/data/./a`), "event-malformed"],
            ["an empty segment", auditLine(`${MOUNT}/data/a//b`), "event-malformed"],
            ["a folder", auditLine(`${MOUNT}/metadata/team/`), "event-malformed"],
            ["no path after the endpoint", auditLine(`${MOUNT}/data/`), "event-malformed"],
            ["another Vault namespace", auditLine(`${MOUNT}/data/a`, { namespace: { id: "x1Y2z", path: "team-a/" } }), "event-foreign-path"],
            ["a plain-text log line", "2026-11-30T15:00:00Z [INFO]  core: vault is unsealed", "event-malformed"],
            ["a JSON array", "[1, 2, 3]", "event-malformed"],
            ["JSON null", "null", "event-malformed"],
        ];
        for (const [what, line, kind] of refusedLines) {
            it(`refuses ${what}, alone or among good lines`, () => {
                assert.strictEqual(verdict(subscriptionEvent(delivery([line]))), kind);
                assert.strictEqual(verdict(subscriptionEvent(delivery([good("x"), line, good("y")]))), kind, "one bad line refuses the whole event");
            });
        }

        it("refuses a path outside VAULT_KV_PATH, and a sibling that only starts like it", () => {
            const scope = { mount: MOUNT, path: "team" };
            assert.deepStrictEqual(verdict(subscriptionEvent(delivery([good("team/db")])), SOURCE, scope), ["team/db"]);
            for (const p of ["other/db", "teams/db", "team"])
                assert.strictEqual(verdict(subscriptionEvent(delivery([good(p)])), SOURCE, scope), "event-foreign-path", p);
        });

        it("on eks-raft reads only Vault's own container, in Vault's namespace", () => {
            const line = good("team/db");
            assert.deepStrictEqual(verdict(subscriptionEvent(delivery([containerRecord(line)])), CONTAINER_SOURCE), ["team/db"]);
            for (const where of [{ namespace: "default" }, { container: "sidecar" }, { namespace: "vault-evil" }])
                assert.strictEqual(
                    verdict(subscriptionEvent(delivery([containerRecord(line, where)])), CONTAINER_SOURCE),
                    "event-malformed",
                    JSON.stringify(where),
                );
            assert.strictEqual(verdict(subscriptionEvent(delivery([line])), CONTAINER_SOURCE), "event-malformed", "a bare line in the container group");
            assert.strictEqual(verdict(subscriptionEvent(delivery([containerRecord(line)]))), "event-malformed", "a container record in the file group");
            const noLog = JSON.parse(containerRecord(line));
            delete noLog.log;
            assert.strictEqual(
                verdict(subscriptionEvent(delivery([JSON.stringify(noLog)])), CONTAINER_SOURCE),
                "event-malformed",
                "log_processed alone is not trusted",
            );
        });

        it("refuses every field of a valid line removed or changed, and accepts every meaning-preserving rewrite (generated)", () => {
            const base = JSON.parse(good("team/db"));
            const accepted = (entry: unknown) => verdict(subscriptionEvent(delivery([typeof entry === "string" ? entry : JSON.stringify(entry)])));
            for (const [field, wrong] of [
                ["type", "request"],
                ["type", undefined],
                ["request", undefined],
                ["request", "hybrid-aws-secrets/data/team/db"],
            ] as const)
                assert.notDeepStrictEqual(accepted({ ...base, [field]: wrong }), ["team/db"], `${field}=${wrong}`);
            for (const [field, wrong] of [
                ["operation", "read"],
                ["operation", undefined],
                ["operation", 1],
                ["path", undefined],
                ["path", ["hybrid-aws-secrets/data/team/db"]],
                ["path", "hybrid-aws-secrets"],
                ["namespace", { id: "abc", path: "ns/" }],
            ] as const)
                assert.notDeepStrictEqual(
                    accepted({ ...base, request: { ...base.request, [field]: wrong } }),
                    ["team/db"],
                    `request.${field}=${JSON.stringify(wrong)}`,
                );

            const next = random(22);
            for (let i = 0; i < 200; i++) {
                // Key order shuffled at every level, extra fields, whitespace, and JSON escapes of the path's characters.
                const shuffle = (v: any): any =>
                    v && typeof v === "object" && !Array.isArray(v)
                        ? Object.fromEntries(
                              Object.entries(v)
                                  .map(([k, x]) => [k, shuffle(x)] as const)
                                  .sort(() => next() - 0.5),
                          )
                        : v;
                const entry = shuffle({ ...base, [`extra_${i}`]: { n: i }, request: { ...base.request, [`x${i}`]: "y" } });
                let text = JSON.stringify(entry, null, next() < 0.5 ? 2 : undefined);
                if (next() < 0.5) text = text.replace(/"hybrid-aws-secrets\/data\/team\/db"/, '"hybrid\\u002daws\\u002dsecrets\\/data\\/team\\/db"');
                assert.deepStrictEqual(accepted(text), ["team/db"], text);
            }
        });

        it("a randomly corrupted event is refused or names only in-scope paths (generated)", () => {
            const next = random(7);
            const data = subscriptionEvent(delivery([good("team/a"), good("team/b")])).awslogs.data;
            for (let i = 0; i < 300; i++) {
                const chars = data.split("");
                const flips = 1 + Math.floor(next() * 4);
                for (let f = 0; f < flips; f++)
                    chars[Math.floor(next() * chars.length)] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[Math.floor(next() * 64)];
                const v = verdict({ awslogs: { data: chars.join("") } });
                if (Array.isArray(v)) for (const p of v) assert.ok(["team/a", "team/b"].includes(p), p);
                else assert.match(v, /^event-(malformed|too-large|foreign-log-group|foreign-path)$/);
            }
        });
    });

    describe("through the handler", () => {
        let world: World;
        beforeEach(async () => {
            world = await startWorld();
            world.vault.put(MOUNT, "a", { v: 1 });
            world.vault.calls.reset();
        });
        afterEach(async () => world.stop());

        const env = { AUDIT_LOG_GROUP, AUDIT_FORMAT: "file" };
        for (const [what, event, kind] of [
            ["a malformed event", { awslogs: { data: "%%%" } }, "event-malformed"],
            ["an oversized event", { awslogs: { data: "A".repeat(EVENT_LIMITS.dataChars + 4) } }, "event-too-large"],
            ["a foreign path", subscriptionEvent(delivery([auditLine("super-secret-engine/data/root-credentials")])), "event-foreign-path"],
            ["a foreign log group", subscriptionEvent(delivery([good("a")], { logGroup: "/aws/lambda/other" })), "event-foreign-log-group"],
            ["a good line beside a bad one", subscriptionEvent(delivery([good("a"), auditLine(`${MOUNT}/data/a`, { error: "denied" })])), "event-malformed"],
        ] as const) {
            it(`${what}: a reported failure that syncs nothing and calls nothing`, async () => {
                const run = await runHandler(world, env, { event, context: LAMBDA_CONTEXT });
                assert.ok(run.error instanceof SyncError && run.error.kind === kind, `${run.error?.message}`);
                assert.match(run.error.message, /^audit event refused: it /);
                assert.deepStrictEqual(world.aws.secretsManager.calls.counts, {});
                assert.deepStrictEqual(world.vault.calls.counts, {}, "not even a login");
                assert.strictEqual(world.aws.published.length, 1);
                assert.strictEqual(world.aws.published[0].message.split("\n")[1], `(audit event): ${kind}`);
            });
        }
    });
});
