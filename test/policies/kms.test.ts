import * as assert from "assert";
import { kmsDeletionWindow } from "../../policies/rules/kms/deletion-window";
import { kmsKeyPolicy } from "../../policies/rules/kms/key-policy";
import { kmsRotation } from "../../policies/rules/kms/rotation";
import { check, doc, ruleCases } from "./good";

const KEY = "aws:kms/key:Key";

describe("policy rules: KMS", () => {
    describe(kmsRotation.name, () => {
        ruleCases(kmsRotation, KEY, { "rotation is off": (p) => (p.enableKeyRotation = false), "rotation is unset": (p) => delete p.enableKeyRotation });
        it("does not ask asymmetric keys to rotate", async () => {
            assert.deepStrictEqual(await check(kmsRotation, KEY, { customerMasterKeySpec: "RSA_2048", enableKeyRotation: false }), []);
        });
    });

    describe(kmsKeyPolicy.name, () => {
        ruleCases(kmsKeyPolicy, KEY, {
            "the lockout check is bypassed": (p) => (p.bypassPolicyLockoutSafetyCheck = true),
            "anyone may use the key unconditionally": (p) => (p.policy = doc({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" })),
            "a role gets kms:*": (p) =>
                (p.policy = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/app" }, Action: "kms:*", Resource: "*" })),
            "a role may change the key policy": (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:role/app" },
                    Action: ["kms:Decrypt", "kms:PutKeyPolicy"],
                    Resource: "*",
                })),
        });
        it("accepts a conditioned * principal and a Deny guard", async () => {
            const props = {
                enableKeyRotation: true,
                policy: doc(
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
                    {
                        Effect: "Allow",
                        Principal: { AWS: "*" },
                        Action: "kms:Decrypt",
                        Resource: "*",
                        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:CallerAccount": "123456789012" } },
                    },
                    {
                        Effect: "Deny",
                        Principal: "*",
                        Action: "kms:Decrypt",
                        Resource: "*",
                        Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/app" } },
                    },
                ),
            };
            assert.deepStrictEqual(await check(kmsKeyPolicy, KEY, props), []);
        });
    });

    describe(kmsDeletionWindow.name, () => {
        ruleCases(kmsDeletionWindow, KEY, { "the window is 7 days": (p) => (p.deletionWindowInDays = 7) });
        it("is advisory and configurable", async () => {
            const [v] = await check(kmsDeletionWindow, KEY, { deletionWindowInDays: 20 }, { minimumDays: 25 });
            assert.strictEqual(v.enforcementLevel, "advisory");
        });
    });
});
