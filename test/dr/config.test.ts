// strongroom:drRegion, restoreFrom, unsealKeyArn, cloudTrail and sealMigration: every form a user may write is
// accepted, every malformed or dangerous one is refused before any resource, naming the key and the fix. Malformed
// cases are generated from the valid ones (one part broken at a time), not only listed.
import * as assert from "assert";
import { ProgramFailed } from "../../scripts/offline/recorder";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { parseRestoreFrom } from "../../infra/dr/restore-source";
import { planWith } from "../support/stack";

const EC2 = { "aws:region": "eu-west-1", "strongroom:layout": "ec2-dynamodb", "strongroom:allowedCidrs": '["10.0.0.0/8"]' };
// eks-raft needs to know where `pulumi up` runs (#24): a runner outside the VPC, its egress ranges only, as in prod.
const EKS = {
    ...EC2,
    "strongroom:layout": "eks-raft",
    "strongroom:internalLoadBalancer": "true",
    "strongroom:deployFrom": "internet",
    "strongroom:endpointPublicAccessCidrs": '["203.0.113.0/24"]',
};
const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/strongroom-dev-vault-storage-abc1234";
const BACKUP = `${TABLE}/backup/01732936800000-abcdef12`;
const REPLICA = "arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef";

function problems(config: Record<string, string>): { key: string; message: string }[] {
    try {
        parseStackConfig(config, "t");
        return [];
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return [...err.issues];
    }
}

const only = (config: Record<string, string>, key: string) => {
    const found = problems(config);
    assert.ok(found.length > 0, `${JSON.stringify(config)} was accepted`);
    assert.ok(
        found.every((p) => p.key === `strongroom:${key}`),
        JSON.stringify(found),
    );
    return found.map((p) => p.message).join(" | ");
};

describe("disaster-recovery config", () => {
    describe("restoreFrom on ec2-dynamodb", () => {
        const valid = ["2026-11-01T03:00:00Z", "2026-11-01T03:00:00.123Z", "latest", `${TABLE}@2026-11-01T03:00:00Z`, `${TABLE}@latest`, BACKUP];
        for (const v of valid)
            it(`accepts ${v}`, () => {
                const c = parseStackConfig({ ...EC2, "strongroom:restoreFrom": v }, "t");
                assert.ok(c.restore, "parsed into a restore source");
            });

        // One part of a valid value broken at a time.
        const broken = [
            "2026-11-01 03:00:00",
            "2026-11-01T03:00:00",
            "2026-11-01T03:00:00+02:00",
            "2026-13-01T03:00:00Z",
            "2026-02-30T03:00:00Z",
            "2999-01-01T00:00:00Z",
            "yesterday",
            `${TABLE}@`,
            `${TABLE}@2026-11-01T03:00:00Z@latest`,
            `${TABLE.replace("123456789012", "12345678901")}@latest`,
            `${TABLE.replace("dynamodb", "dynamo")}@latest`,
            `${TABLE.replace("table/", "table/a b")}@latest`,
            BACKUP.replace("/backup/", "/backups/"),
            BACKUP.replace(/-abcdef12$/, "-xyz"),
            "s3://strongroom-prod-snapshots/raft/20261101T030000Z.snap",
            "arn:aws:s3:::bucket/key",
        ];
        for (const v of broken)
            it(`refuses ${v}, saying what the forms are`, () => {
                const said = only({ ...EC2, "strongroom:restoreFrom": v }, "restoreFrom");
                assert.match(said, /UTC time|DynamoDB table ARN|backup ARN|in the future|only eks-raft|not a real date/);
            });

        it("refuses an AWS Backup recovery point, with the command that turns it into a DynamoDB backup", () => {
            const said = only(
                { ...EC2, "strongroom:restoreFrom": "arn:aws:backup:eu-west-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-9A8B-1234" },
                "restoreFrom",
            );
            assert.match(said, /npm run vault:restore-table -- --stack <stack> --recovery-point arn:aws:backup/);
        });

        it("refuses a DynamoDB backup of another region: DynamoDB restores a backup only in its own region", () => {
            assert.match(
                only({ ...EC2, "strongroom:restoreFrom": BACKUP.replace(/eu-west-1/g, "us-east-1") }, "restoreFrom"),
                /only in its own region.*eu-west-1/,
            );
        });
    });

    describe("restoreFrom on eks-raft", () => {
        it("accepts an S3 URL of a Raft snapshot", () => {
            const c = parseStackConfig({ ...EKS, "strongroom:restoreFrom": "s3://strongroom-prod-snapshots/raft/20261101T030000Z.snap" }, "t");
            assert.deepStrictEqual(c.restore, { kind: "raft-snapshot", bucket: "strongroom-prod-snapshots", key: "raft/20261101T030000Z.snap" });
        });
        for (const v of [
            "2026-11-01T03:00:00Z",
            BACKUP,
            "s3://bucket",
            "s3://strongroom-prod-snapshots/raft/notes.txt",
            "https://s3.amazonaws.com/b/raft/x.snap",
        ])
            it(`refuses ${v}`, () => assert.match(only({ ...EKS, "strongroom:restoreFrom": v }, "restoreFrom"), /s3:\/\/|Raft snapshot/));
    });

    describe("drRegion", () => {
        it("refuses the stack's own region", () => assert.match(only({ ...EC2, "strongroom:drRegion": "eu-west-1" }, "drRegion"), /stack's own region/));
        it("refuses a region of another partition", () => assert.match(only({ ...EC2, "strongroom:drRegion": "cn-north-1" }, "drRegion"), /partition/));
        it("refuses a malformed region", () => assert.match(only({ ...EC2, "strongroom:drRegion": "Frankfurt" }, "drRegion"), /region name/));
        it("refuses drRegion while a seal migration runs", () =>
            assert.match(only({ ...EC2, "strongroom:drRegion": "eu-central-1", "strongroom:sealMigration": "migrating" }, "drRegion"), /migration finished/));
        it("accepts drRegion once migrated", () =>
            assert.deepStrictEqual(problems({ ...EC2, "strongroom:drRegion": "eu-central-1", "strongroom:sealMigration": "migrated" }), []));
    });

    describe("a recovery stack (unsealKeyArn)", () => {
        it("needs restoreFrom", () =>
            assert.match(only({ ...EC2, "strongroom:unsealKeyArn": REPLICA }, "restoreFrom"), /required with strongroom:unsealKeyArn/));
        it("is accepted with a backup to restore", () =>
            assert.deepStrictEqual(problems({ ...EC2, "strongroom:unsealKeyArn": REPLICA, "strongroom:restoreFrom": BACKUP }), []));
        it("refuses a single-Region key: only a multi-Region key has replicas", () =>
            assert.match(
                only(
                    {
                        ...EC2,
                        "strongroom:unsealKeyArn": REPLICA.replace("mrk-0123456789abcdef0123456789abcdef", "1234abcd-12ab-34cd-56ef-1234567890ab"),
                        "strongroom:restoreFrom": BACKUP,
                    },
                    "unsealKeyArn",
                ),
                /multi-Region/,
            ));
        it("refuses a key of another region", () =>
            assert.match(
                only({ ...EC2, "strongroom:unsealKeyArn": REPLICA.replace("eu-west-1", "eu-central-1"), "strongroom:restoreFrom": BACKUP }, "unsealKeyArn"),
                /replica in eu-west-1/,
            ));
        it("refuses a time (its own table does not exist)", () =>
            assert.match(only({ ...EC2, "strongroom:unsealKeyArn": REPLICA, "strongroom:restoreFrom": "latest" }, "restoreFrom"), /recovery stack.*has none/));
        it("refuses drRegion and sealMigration", () => {
            const found = problems({
                ...EC2,
                "strongroom:unsealKeyArn": REPLICA,
                "strongroom:restoreFrom": BACKUP,
                "strongroom:drRegion": "eu-central-1",
                "strongroom:sealMigration": "migrated",
            });
            assert.deepStrictEqual(found.map((p) => p.key).sort(), ["strongroom:drRegion", "strongroom:sealMigration"]);
        });
    });

    it("reports every DR problem at once, before any resource is registered", async () => {
        await assert.rejects(
            planWith("dev", { "strongroom:drRegion": "eu-west-1", "strongroom:restoreFrom": "soon", "strongroom:cloudTrail": "maybe" }),
            (err: unknown) => {
                assert.ok(err instanceof ProgramFailed);
                assert.deepStrictEqual(err.resources, []);
                for (const key of ["drRegion", "restoreFrom", "cloudTrail"]) assert.match(err.message, new RegExp(`strongroom:${key}:`));
                return true;
            },
        );
    });

    it("never takes a time in the future, whatever clock the plan runs at", () => {
        assert.ok("error" in parseRestoreFrom("2026-11-02T00:00:00Z", "ec2-dynamodb", "eu-west-1", new Date("2026-11-01T00:00:00Z")));
        assert.ok("source" in parseRestoreFrom("2026-11-02T00:00:00Z", "ec2-dynamodb", "eu-west-1", new Date("2026-11-03T00:00:00Z")));
    });
});
