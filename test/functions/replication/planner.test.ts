import * as assert from "assert";
import { Action, plan, PlanInput, StoredSecret, VaultEntry } from "../../../functions/replication/planner";

const managed = (path: string, version: number, extra: Partial<StoredSecret> = {}): StoredSecret => ({
    name: `p/${path}`,
    arn: `arn:aws:secretsmanager:eu-west-1:1:secret:p/${path}-AbCdEf`,
    tags: { "managed-by": "strongroom", "vault-path": path, "vault-version": String(version) },
    pendingDeletion: false,
    ...extra,
});
const live = (path: string, currentVersion: number): VaultEntry => ({ path, currentVersion, currentDeleted: false });
const deleted = (path: string, currentVersion: number): VaultEntry => ({ path, currentVersion, currentDeleted: true });
const base: PlanInput = { prefix: "p", vault: [], unreadable: new Set(), stored: [], deleteMode: "off", treeComplete: true };
const kinds = (actions: Action[]) => actions.map((a) => `${a.kind}:${a.path}`).sort();

describe("replication planner", () => {
    it("creates what Vault has and Secrets Manager lacks", () => {
        assert.deepStrictEqual(plan({ ...base, vault: [live("a", 1), live("b/c", 3)] }), [
            { kind: "create", path: "a", name: "p/a", version: 1 },
            { kind: "create", path: "b/c", name: "p/b/c", version: 3 },
        ]);
    });

    it("updates only when the Vault version differs from the vault-version tag", () => {
        const actions = plan({ ...base, vault: [live("a", 2), live("b", 5)], stored: [managed("a", 1), managed("b", 5)] });
        assert.deepStrictEqual(kinds(actions), ["unchanged:b", "update:a"]);
        assert.deepStrictEqual(
            actions.find((a) => a.kind === "update"),
            { kind: "update", path: "a", name: "p/a", arn: managed("a", 1).arn, version: 2 },
        );
    });

    it("reports a secret it does not own as a conflict and never plans a write to it", () => {
        const foreign: StoredSecret = { name: "p/a", arn: "arn:x", tags: { team: "other" }, pendingDeletion: false };
        assert.deepStrictEqual(kinds(plan({ ...base, vault: [live("a", 1)], stored: [foreign], deleteMode: "recover" })), ["conflict:a"]);
        assert.deepStrictEqual(
            kinds(plan({ ...base, vault: [], stored: [foreign], deleteMode: "recover" })),
            [],
            "unowned secrets with no Vault path are left alone",
        );
    });

    it("deletes owned secrets whose path is gone or whose current version is deleted, only in recover mode", () => {
        const input = { ...base, vault: [deleted("gone-version", 2)], stored: [managed("gone-version", 1), managed("gone-path", 4)] };
        assert.deepStrictEqual(kinds(plan(input)), ["unchanged:gone-path", "unchanged:gone-version"]);
        assert.deepStrictEqual(kinds(plan({ ...input, deleteMode: "recover" })), ["delete:gone-path", "delete:gone-version"]);
    });

    it("deletes nothing when the Vault tree could not be fully listed, or a path's metadata could not be read", () => {
        const stored = [managed("a", 1), managed("b", 1)];
        assert.deepStrictEqual(kinds(plan({ ...base, stored, deleteMode: "recover", treeComplete: false })), ["unchanged:a", "unchanged:b"]);
        assert.deepStrictEqual(kinds(plan({ ...base, stored, deleteMode: "recover", unreadable: new Set(["a"]), vault: [live("b", 1)] })), ["unchanged:b"]);
    });

    it("does not delete twice: a secret already pending deletion is left to its recovery window", () => {
        assert.deepStrictEqual(plan({ ...base, stored: [managed("a", 1, { pendingDeletion: true })], deleteMode: "recover" }), []);
    });

    it("restores a secret pending deletion that reappears in Vault, updating it if the version moved", () => {
        const stored = [managed("a", 1, { pendingDeletion: true }), managed("b", 2, { pendingDeletion: true })];
        const actions = plan({ ...base, vault: [live("a", 1), live("b", 3)], stored });
        assert.deepStrictEqual(
            actions.map((a) => a.kind === "restore" && [a.path, a.thenUpdate]),
            [
                ["a", false],
                ["b", true],
            ],
        );
    });

    it("never touches the connection secret, by name or by ARN, even when a Vault path maps onto it", () => {
        const conn = managed("conn", 1);
        for (const id of [conn.name, conn.arn, "arn:aws:secretsmanager:eu-west-1:1:secret:p/conn-ZyXwVu"]) {
            assert.deepStrictEqual(kinds(plan({ ...base, vault: [live("conn", 9)], stored: [conn], connectionSecretId: id })), ["protected:conn"], id);
            assert.deepStrictEqual(plan({ ...base, stored: [conn], deleteMode: "recover", connectionSecretId: id }), [], id);
        }
    });

    it("reports Vault paths that are not valid Secrets Manager names", () => {
        assert.deepStrictEqual(kinds(plan({ ...base, vault: [live("has space", 1), live("ünïcode", 1), live("ok_name.v2@x", 1)] })), [
            "create:ok_name.v2@x",
            "invalid-name:has space",
            "invalid-name:ünïcode",
        ]);
        assert.deepStrictEqual(kinds(plan({ ...base, vault: [live("x".repeat(600), 1)] })), [`invalid-name:${"x".repeat(600)}`]);
    });

    it("leaves a deleted Vault secret with no copy alone", () => {
        assert.deepStrictEqual(plan({ ...base, vault: [deleted("a", 1)], deleteMode: "recover" }), []);
    });
});
