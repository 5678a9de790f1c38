// Every stack rule that joins resources joins them the two ways a Pulumi program names a target: by an output (the
// engine records the dependency; the value may still be unknown at preview) and by a literal physical name, id or
// ARN. A companion naming another resource must not join. Uses only the pack's entry points, so each case also ran
// against the pack before this join existed (issue #18, second review).
import * as assert from "assert";
import { OfflineResource, runPolicies } from "../../policies/offline";
import { doc, KEY_ARN } from "./good";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ACCT = "123456789012";
const urn = (type: string, name: string) => `urn:pulumi:t::strongroom::${type}::${name}`;
const res = (type: string, name: string, props: Record<string, any>, deps?: Record<string, string[]>): OfflineResource => ({
    type,
    name,
    urn: urn(type, name),
    props,
    ...(deps ? { propertyDependencies: deps } : {}),
});

/** The mandatory verdicts of one rule, and whether it could run at all (not "can't run during preview"). */
async function judge(rule: string, resources: OfflineResource[]) {
    const verdicts = await runPolicies(resources, { config: {} });
    const mine = verdicts.filter((v) => v.policy === rule);
    return { mandatory: mine.filter((v) => v.enforcementLevel === "mandatory"), ranAtPreview: !mine.some((v) => /can't run/.test(v.message)) };
}

type Wiring = "dependency, value unknown at preview" | "dependency, value known" | "literal name" | "literal ARN";
const WIRINGS: Wiring[] = ["dependency, value unknown at preview", "dependency, value known", "literal name", "literal ARN"];

/** A companion's input naming its target the given way. */
function wire(w: Wiring, target: OfflineResource, input: string, physical: string, arn: string): { value: unknown; deps?: Record<string, string[]> } {
    if (w === "dependency, value unknown at preview") return { value: UNKNOWN, deps: { [input]: [target.urn!] } };
    if (w === "dependency, value known") return { value: physical, deps: { [input]: [target.urn!] } };
    return { value: w === "literal name" ? physical : arn };
}

const ROLE = "aws:iam/role:Role";
const TRUST = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
const READ = doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:eu-west-1:${ACCT}:q` });
const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const KEY_POLICY = doc(
    { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: "kms:*", Resource: "*" },
    { Sid: "Use", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCT}:role/app` }, Action: ["kms:Decrypt"], Resource: "*" },
);

interface JoinCase {
    readonly rule: string;
    readonly target: OfflineResource;
    readonly physical: string;
    readonly arn: string;
    /** The companion, wired to the target through `input`; violation says whether it makes the target fail or pass. */
    readonly companion: (input: { value: unknown; deps?: Record<string, string[]> }) => OfflineResource;
    /** The verdict on the target when the companion joins it. */
    readonly joinedIs: "violation" | "pass";
}

const role = res(ROLE, "app", { name: "strongroom-app", assumeRolePolicy: TRUST, inlinePolicies: [{ name: "p", policy: READ }] });
const bucket = res(BUCKET, "artifacts", { bucket: "strongroom-artifacts" });
const key = res(KEY, "data-key", { enableKeyRotation: true, keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", arn: KEY_ARN });
const vpc = res("aws:ec2/vpc:Vpc", "net", { cidrBlock: "10.0.0.0/16", id: "vpc-0abc" });
const sseRules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } }];

const CASES: JoinCase[] = [
    ...["aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"].map((type) => ({
        rule: "strongroom-iam-role-management",
        target: role,
        physical: "strongroom-app",
        arn: `arn:aws:iam::${ACCT}:role/svc/strongroom-app`,
        companion: ({ value, deps }: { value: unknown; deps?: Record<string, string[]> }) =>
            res(
                type,
                "extra",
                { role: value, policy: READ, policyArn: "arn:aws:iam::aws:policy/AWSLambdaExecute" },
                deps && { role: deps.input ?? Object.values(deps)[0] },
            ),
        joinedIs: "violation" as const,
    })),
    {
        rule: "strongroom-iam-role-management",
        target: role,
        physical: "strongroom-app",
        arn: `arn:aws:iam::${ACCT}:role/strongroom-app`,
        companion: ({ value, deps }) =>
            res(
                "aws:iam/policyAttachment:PolicyAttachment",
                "shared",
                { roles: [value], policyArn: "arn:aws:iam::aws:policy/AWSLambdaExecute" },
                deps && { roles: Object.values(deps)[0] },
            ),
        joinedIs: "violation",
    },
    ...[
        ["strongroom-s3-encryption", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", { rules: sseRules }],
        ["strongroom-s3-encryption", "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", { rules: sseRules }],
        [
            "strongroom-s3-public-access-block",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        ],
        ["strongroom-s3-versioning", "aws:s3/bucketVersioning:BucketVersioning", { versioningConfiguration: { status: "Enabled" } }],
        ["strongroom-s3-versioning", "aws:s3/bucketVersioningV2:BucketVersioningV2", { versioningConfiguration: { status: "Enabled" } }],
    ].map(([rule, type, props]) => ({
        rule: rule as string,
        target: bucket,
        physical: "strongroom-artifacts",
        arn: "arn:aws:s3:::strongroom-artifacts",
        companion: ({ value, deps }: { value: unknown; deps?: Record<string, string[]> }) =>
            res(type as string, "companion", { bucket: value, ...(props as object) }, deps && { bucket: Object.values(deps)[0] }),
        joinedIs: "pass" as const,
    })),
    {
        rule: "strongroom-kms-key-policy-set",
        target: key,
        physical: "1234abcd-12ab-34cd-56ef-1234567890ab",
        arn: KEY_ARN.replace("key/k", "key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        companion: ({ value, deps }) =>
            res("aws:kms/keyPolicy:KeyPolicy", "data-key-policy", { keyId: value, policy: KEY_POLICY }, deps && { keyId: Object.values(deps)[0] }),
        joinedIs: "pass",
    },
    {
        rule: "strongroom-ec2-default-security-group",
        target: vpc,
        physical: "vpc-0abc",
        arn: `arn:aws:ec2:eu-west-1:${ACCT}:vpc/vpc-0abc`,
        companion: ({ value, deps }) =>
            res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", { vpcId: value }, deps && { vpcId: Object.values(deps)[0] }),
        joinedIs: "pass",
    },
];

describe("stack rules join a companion to its target by dependency and by literal name, id or ARN", () => {
    for (const c of CASES) {
        const companionType = c.companion({ value: "x" }).type.split(":").pop();
        describe(`${c.rule}: ${companionType} → ${c.target.type.split(":").pop()}`, () => {
            for (const w of WIRINGS) {
                it(`joins by ${w}`, async () => {
                    const { mandatory, ranAtPreview } = await judge(c.rule, [c.target, c.companion(wire(w, c.target, "input", c.physical, c.arn))]);
                    assert.ok(ranAtPreview, "the rule must not give up on a value unknown at preview");
                    if (c.joinedIs === "violation")
                        assert.ok(
                            mandatory.some((v) => v.resource === c.target.name),
                            `expected ${c.rule} to refuse`,
                        );
                    else assert.deepStrictEqual(mandatory, []);
                });
            }
            it("does not join a companion naming another resource", async () => {
                const other = c.companion({ value: c.physical.replace(/.$/, "z") });
                const { mandatory } = await judge(c.rule, [c.target, other]);
                if (c.joinedIs === "violation") assert.deepStrictEqual(mandatory, []);
                else
                    assert.ok(
                        mandatory.some((v) => v.resource === c.target.name),
                        `a companion of another resource must not satisfy ${c.rule}`,
                    );
            });
            it("does not join by the Pulumi logical name, which never reaches AWS", async () => {
                const { mandatory } = await judge(c.rule, [c.target, c.companion({ value: c.target.name })]);
                if (c.joinedIs === "violation") assert.deepStrictEqual(mandatory, []);
                else assert.ok(mandatory.length > 0);
            });
        });
    }

    it("a key's policy set both on the key and by a KeyPolicy is refused, as are two KeyPolicies", async () => {
        const inline = res(KEY, "k2", { ...key.props, policy: KEY_POLICY });
        const apart = res("aws:kms/keyPolicy:KeyPolicy", "p", { keyId: inline.props.keyId, policy: KEY_POLICY });
        assert.strictEqual((await judge("strongroom-kms-key-policy-set", [inline, apart])).mandatory.length, 1);
        const second = res("aws:kms/keyPolicy:KeyPolicy", "p2", { keyId: KEY_ARN.replace("key/k", `key/${key.props.keyId}`), policy: KEY_POLICY });
        const twice = [key, res("aws:kms/keyPolicy:KeyPolicy", "p", { keyId: key.props.keyId, policy: KEY_POLICY }), second];
        assert.strictEqual((await judge("strongroom-kms-key-policy-set", twice)).mandatory.length, 1);
    });

    it("an account-wide public access block covers every bucket", async () => {
        const account = res("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account", {
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        assert.deepStrictEqual((await judge("strongroom-s3-public-access-block", [bucket, account])).mandatory, []);
    });

    it("encryption and versioning set inline on the bucket count, an AWS-managed aws/s3 key does not", async () => {
        const inline = res(BUCKET, "b", {
            bucket: "b",
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } } },
            versioning: { enabled: true },
        });
        assert.deepStrictEqual((await judge("strongroom-s3-encryption", [inline])).mandatory, []);
        assert.deepStrictEqual((await judge("strongroom-s3-versioning", [inline])).mandatory, []);
        const managed = res(BUCKET, "b", {
            bucket: "b",
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" } } },
        });
        assert.strictEqual((await judge("strongroom-s3-encryption", [managed])).mandatory.length, 1);
    });
});
