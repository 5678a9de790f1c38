// Class: ARNs in config name something that can exist where the stack deploys. The certificate: an ACM ARN of the
// stack's Region and partition, with a UUID id. IAM roles (cluster admins and viewers, secret readers): names of 1-64
// of IAM's characters, paths /…/, each role once per list, and a role in both cluster lists found whatever the case
// or path of its name (IAM role names are unique in an account regardless of both).
import * as assert from "assert";
import { AWS_REGIONS } from "../../infra/aws-regions";
import { accepted, refused } from "../support/config-verdict";

const CERT = "strongroom:certificateArn";
const ID = "0b6a5c1e-7d2f-4c8e-9a51-3f0e2d4b6c7a";
const cert = (region: string, partition = "aws", id = ID) => `arn:${partition}:acm:${region}:123456789012:certificate/${id}`;
const role = (name: string, path = "/") => `arn:aws:iam::123456789012:role${path}${name}`;
const ROLE_LISTS = ["strongroom:clusterAdminRoleArns", "strongroom:clusterViewerRoleArns"] as const;

describe("config class: ARNs", () => {
    it("certificateArn: the staging certificate is accepted only in its own Region, for every other Region of the table", () => {
        accepted("staging", {});
        for (const r of AWS_REGIONS) {
            const inRegion = { "aws:region": r.code, "strongroom:azCount": "3" };
            accepted("staging", { ...inRegion, [CERT]: cert(r.code) }, r.code);
            if (r.code !== "us-east-2") {
                assert.match(
                    refused("staging", inRegion, CERT, `us-east-2 certificate in ${r.code}`).message,
                    new RegExp(`is in us-east-2, but the stack deploys to ${r.code}`),
                );
            }
        }
    });

    it("certificateArn: another partition or an id that is not a UUID is refused", () => {
        for (const partition of ["aws-cn", "aws-us-gov", "aws-iso"]) refused("staging", { [CERT]: cert("us-east-2", partition) }, CERT, partition);
        for (const id of [ID.toUpperCase(), ID.slice(1), `${ID}0`, ID.replace(/-/g, ""), "not-a-uuid"])
            refused("staging", { [CERT]: cert("us-east-2", "aws", id) }, CERT, id);
    });

    it("role names: 1 to 64 characters, just inside taken and just outside refused, on every role list", () => {
        for (const key of [...ROLE_LISTS, "strongroom:replicationSecretReaderArns"]) {
            const stack = key.includes("Secret") ? "dev" : "prod";
            for (const length of [1, 63, 64]) accepted(stack, { [key]: [role("r".repeat(length))] }, `${key} ${length}`);
            assert.match(refused(stack, { [key]: [role("r".repeat(65))] }, `${key}[0]`, `${key} 65`).message, /at most 64/);
        }
    });

    it("role names: exactly IAM's characters, letters, digits and _ + = , . @ -; every printable ASCII character tried", () => {
        for (let code = 0x21; code < 0x7f; code++) {
            const ch = String.fromCharCode(code);
            if (ch === "/") continue; // a path separator, not part of the name
            const arn = role(`ops${ch}x`);
            const edit = { "strongroom:clusterAdminRoleArns": [arn] };
            if (/^[\w+=,.@-]$/.test(ch)) accepted("prod", edit, arn);
            else refused("prod", edit, "strongroom:clusterAdminRoleArns[0]", arn);
        }
    });

    it("role paths: / and /…/ are taken (access entries take a role's full ARN)", () => {
        for (const path of ["/", "/platform/", "/platform/break-glass/", "/a-b_c.d/"])
            accepted("prod", { "strongroom:clusterAdminRoleArns": [role("vault-operators", path)] }, path);
    });

    it("one role twice in a list is refused at the repeat, however its name is cased or its path spelt", () => {
        for (const key of ROLE_LISTS) {
            // Unset the other list, so only this one's rule speaks.
            const other = { [ROLE_LISTS.find((k) => k !== key)!]: undefined };
            for (const again of [role("break-glass"), role("Break-Glass"), role("BREAK-GLASS"), role("break-glass", "/platform/")]) {
                const issue = refused("prod", { ...other, [key]: [role("break-glass"), again] }, `${key}[1]`, again);
                assert.match(issue.message, /same IAM role as item \[0\]/);
            }
            accepted("prod", { ...other, [key]: [role("break-glass"), role("break-glass-2")] });
            accepted("prod", { ...other, [key]: [role("break-glass"), "arn:aws:iam::210987654321:role/break-glass"] }, "the same name in another account");
        }
    });

    it("a viewer that is an admin too is refused, under any spelling of its name", () => {
        const viewer = "strongroom-ci-preview";
        for (const admin of [role(viewer), role("Strongroom-CI-Preview"), role("STRONGROOM-CI-PREVIEW", "/ci/")]) {
            const issue = refused(
                "prod",
                { "strongroom:clusterAdminRoleArns": [role("vault-operators"), admin] },
                "strongroom:clusterViewerRoleArns[0]",
                admin,
            );
            assert.match(issue.message, /never be an admin/);
        }
    });

    it("a role ARN of another partition than the Region's is refused", () => {
        refused(
            "prod",
            { "strongroom:clusterViewerRoleArns": ["arn:aws-cn:iam::123456789012:role/strongroom-ci-preview"] },
            "strongroom:clusterViewerRoleArns[0]",
        );
    });
});
