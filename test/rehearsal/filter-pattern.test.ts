// The rehearsal's evaluator of CloudWatch Logs JSON filter patterns, held to the verdicts AWS's documentation gives
// for its own examples, then to the shipped audit patterns over audit lines of every kind.
import * as assert from "assert";
import { auditFilterPattern } from "../../infra/replication/audit-subscription";
import { compileFilterPattern } from "../../scripts/rehearse/filter-pattern";
import { auditLine, containerRecord } from "../support/audit-events";

// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html (JSON examples and verdicts)
const EVENT = JSON.stringify({
    eventType: "UpdateTrail",
    sourceIPAddress: "111.111.111.111",
    arrayKey: ["value", "another value"],
    objectList: [
        { name: "a", id: 1 },
        { name: "b", id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
});
const COMPOUND = JSON.stringify({
    user: { id: 1, email: "John.Stiles@example.com" },
    users: [
        { id: 2, email: "John.Doe@example.com" },
        { id: 3, email: "Jane.Doe@example.com" },
    ],
    actions: ["GET", "PUT", "DELETE"],
    coordinates: [
        [0, 1, 2],
        [4, 5, 6],
        [7, 8, 9],
    ],
});

describe("rehearsal: CloudWatch Logs filter patterns", () => {
    it("gives the documented verdicts on the documentation's examples", () => {
        const cases: [string, string, boolean][] = [
            ['{ $.eventType = "UpdateTrail" }', EVENT, true],
            ["{ $.sourceIPAddress != 123.123.* }", EVENT, true],
            ['{ $.arrayKey[0] = "value" }', EVENT, true],
            ["{ $.objectList[1].id = 2 }", EVENT, true],
            ["{ $.SomeObject IS NULL }", EVENT, true],
            ["{ $.SomeOtherObject NOT EXISTS }", EVENT, true],
            ["{ $.ThisFlag IS TRUE }", EVENT, true],
            ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', COMPOUND, true],
            ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', COMPOUND, false],
            ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', COMPOUND, true],
            ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', COMPOUND, false],
            ["{ $.users = 1 }", JSON.stringify({ users: [1, 2, 3] }), false],
            ["{ $.users != 1 }", JSON.stringify({ users: [1, 2, 3] }), false],
            ['{ $.eventType = "*Trail" }', EVENT, true],
            ['{ $.eventType = "Update*" }', EVENT, true],
            ['{ $.eventType = "Up*Trail" }', EVENT, false],
        ];
        for (const [pattern, event, expected] of cases) assert.strictEqual(compileFilterPattern(pattern)(event), expected, pattern);
    });

    it("the shipped patterns pass successful KV changes under the scope, and nothing else", () => {
        const mount = "hybrid-aws-secrets";
        const file = compileFilterPattern(auditFilterPattern("file", mount, "team"));
        const container = compileFilterPattern(auditFilterPattern("container", mount, "team", "vault"));
        const passes = [
            auditLine(`${mount}/data/team/db`, { operation: "create" }),
            auditLine(`${mount}/data/team/db`, { operation: "update" }),
            auditLine(`${mount}/data/team/db`, { operation: "patch" }),
            auditLine(`${mount}/data/team/db`, { operation: "delete" }),
            auditLine(`${mount}/delete/team/db`),
            auditLine(`${mount}/undelete/team/db`),
            auditLine(`${mount}/destroy/team/db`),
            auditLine(`${mount}/metadata/team/db`, { operation: "delete" }),
        ];
        const stopped = [
            auditLine(`${mount}/data/team/db`, { type: "request" }),
            auditLine(`${mount}/data/team/db`, { error: "permission denied" }),
            auditLine(`${mount}/data/team/db`, { operation: "read" }),
            auditLine(`${mount}/metadata/team/`, { operation: "list" }),
            auditLine(`${mount}/data/other/db`),
            auditLine(`${mount}-2/data/team/db`),
            auditLine("sys/audit/file"),
            "2026-11-30T15:00:00.000Z [INFO]  core: vault is unsealed",
        ];
        for (const line of passes) {
            assert.ok(file(line), line);
            assert.ok(container(containerRecord(line)), line);
            assert.ok(!container(containerRecord(line, { namespace: "default" })), "another namespace");
            assert.ok(!container(containerRecord(line, { container: "sidecar" })), "another container");
            assert.ok(!file(containerRecord(line)), "formats do not mix");
        }
        for (const line of stopped) {
            assert.ok(!file(line), line);
            assert.ok(!container(containerRecord(line)), line);
        }
    });
});
