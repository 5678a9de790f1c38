// Trust policies, the gate to a role (issue #18, second review): a federated trust admits one workload, counted over
// the whole document for every identity provider the pack knows; a `*` principal is refused whatever its conditions;
// and the role's own account is never guessed from the principals it names. Uses only the pack's entry points, so
// each case also ran against the pack before.
import * as assert from "assert";
import { OfflineResource, runPolicies } from "../../policies/offline";
import { doc } from "./good";

const ACCT = "123456789012";
const OTHER = "210987654321";
const ROLE = "aws:iam/role:Role";
const role = (assumeRolePolicy: string, extra: object = {}): OfflineResource => ({ type: ROLE, name: "r", props: { assumeRolePolicy, ...extra } });

async function mandatory(resources: OfflineResource[], config?: Record<string, Record<string, unknown>>) {
    return (await runPolicies(resources, { config })).filter((v) => v.enforcementLevel === "mandatory");
}
const refused = async (r: OfflineResource[] | OfflineResource, config?: Record<string, Record<string, unknown>>) => {
    const found = await mandatory(Array.isArray(r) ? r : [r], config);
    assert.ok(found.length > 0, `expected a refusal of ${JSON.stringify(Array.isArray(r) ? r.map((x) => x.props) : r.props).slice(0, 400)}`);
    return found;
};
const passes = async (r: OfflineResource[] | OfflineResource, config?: Record<string, Record<string, unknown>>) =>
    assert.deepStrictEqual(
        (await mandatory(Array.isArray(r) ? r : [r], config)).map((v) => v.message),
        [],
    );

interface Idp {
    readonly name: string;
    readonly issuer: string;
    readonly aud: string;
    readonly one: string;
    readonly two: string;
    readonly pattern: string;
}
const IDPS: Idp[] = [
    {
        name: "EKS (IRSA)",
        issuer: "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        aud: "sts.amazonaws.com",
        one: "system:serviceaccount:vault:vault",
        two: "system:serviceaccount:kube-system:ebs-csi-controller-sa",
        pattern: "system:serviceaccount:vault:*",
    },
    {
        name: "GitHub Actions",
        issuer: "token.actions.githubusercontent.com",
        aud: "sts.amazonaws.com",
        one: "repo:acme/strongroom:environment:prod",
        two: "repo:acme/strongroom:environment:dev",
        pattern: "repo:acme/strongroom:*",
    },
    {
        name: "GitLab CI",
        issuer: "gitlab.com",
        aud: "https://gitlab.com",
        one: "project_path:acme/strongroom:ref_type:branch:ref:main",
        two: "project_path:acme/strongroom:ref_type:branch:ref:dev",
        pattern: "project_path:acme/strongroom:*",
    },
    { name: "another OIDC provider", issuer: "idp.example.com/oauth2", aud: "strongroom-deploy", one: "user-42", two: "user-43", pattern: "user-*" },
];

const oidc = (idp: Idp, condition: object, sid = "Fed") => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/${idp.issuer}` },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition,
});

describe("trust policies", () => {
    for (const idp of IDPS) {
        const aud = `${idp.issuer}:aud`;
        const sub = `${idp.issuer}:sub`;
        describe(`${idp.name}: one workload per role`, () => {
            it("accepts one workload pinned exactly (StringEquals, or StringLike without a wildcard)", async () => {
                await passes(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud, [sub]: idp.one } }))));
                await passes(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud }, StringLike: { [sub]: idp.one } }))));
                await passes(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud, [sub]: idp.one }, StringLike: { [sub]: idp.pattern } }))));
            });
            it("refuses two workloads in one value list (a list is an OR)", () =>
                refused(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud, [sub]: [idp.one, idp.two] } })))));
            it("refuses ForAnyValue over two workloads", () =>
                refused(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud }, "ForAnyValue:StringEquals": { [sub]: [idp.one, idp.two] } })))));
            it("refuses a wildcard in StringLike", () =>
                refused(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud }, StringLike: { [sub]: idp.pattern } })))));
            it("refuses two statements each pinning a different workload", () =>
                refused(
                    role(
                        doc(
                            oidc(idp, { StringEquals: { [aud]: idp.aud, [sub]: idp.one } }, "A"),
                            oidc(idp, { StringEquals: { [aud]: idp.aud, [sub]: idp.two } }, "B"),
                        ),
                    ),
                ));
            it("refuses ForAllValues and IfExists, which hold for a token without the claim", async () => {
                await refused(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud }, "ForAllValues:StringEquals": { [sub]: idp.one } }))));
                await refused(role(doc(oidc(idp, { StringEquals: { [aud]: idp.aud }, StringEqualsIfExists: { [sub]: idp.one } }))));
            });
            it("refuses two audiences", () => refused(role(doc(oidc(idp, { StringEquals: { [aud]: [idp.aud, "other-client"], [sub]: idp.one } })))));
        });
    }

    it("pins each web identity provider named directly (Cognito, Google, Facebook, Amazon) to one app", async () => {
        for (const [provider, key] of [
            ["cognito-identity.amazonaws.com", "cognito-identity.amazonaws.com:aud"],
            ["accounts.google.com", "accounts.google.com:aud"],
            ["graph.facebook.com", "graph.facebook.com:app_id"],
            ["www.amazon.com", "www.amazon.com:app_id"],
        ]) {
            const trust = (condition?: object) =>
                role(
                    doc({
                        Effect: "Allow",
                        Principal: { Federated: provider },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        ...(condition ? { Condition: condition } : {}),
                    }),
                );
            await refused(trust());
            await refused(trust({ StringEquals: { [key]: ["app-1", "app-2"] } }));
            await passes(trust({ StringEquals: { [key]: "app-1" } }));
        }
    });

    describe("a `*` principal is refused whatever its conditions", () => {
        for (const [what, principal, condition] of [
            ["{AWS: *} limited to the own account", { AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": ACCT } }],
            ["* limited by aws:PrincipalArn to one role", "*", { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCT}:role/ci` } }],
            ["{AWS: [*, a role]}", { AWS: ["*", `arn:aws:iam::${ACCT}:role/ci`] }, { StringEquals: { "aws:PrincipalOrgID": "o-abc" } }],
        ] as [string, unknown, object][])
            it(what, () => refused(role(doc({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", Condition: condition }))));
        it("NotPrincipal in an Allow", () =>
            refused(role(doc({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: "sts:AssumeRole" }))));
        it("but a Deny with `*` is a guard, and a named role passes", () =>
            passes(
                role(
                    doc(
                        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCT}:role/ci` }, Action: "sts:AssumeRole" },
                        { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    ),
                    { arn: `arn:aws:iam::${ACCT}:role/r` },
                ),
            ));
    });

    describe("the role's account is known, never guessed from the principals", () => {
        const crossAccount = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "sts:AssumeRole" });
        const ownAccount = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: "sts:AssumeRole" });
        const provider = (allowedAccountIds: string[]): OfflineResource => ({
            type: "pulumi:providers:aws",
            name: "aws",
            props: { region: "eu-west-1", allowedAccountIds: JSON.stringify(allowedAccountIds) },
        });
        const stackArn: OfflineResource = { type: "aws:sns/topic:Topic", name: "t", props: { arn: `arn:aws:sns:eu-west-1:${ACCT}:t`, kmsMasterKeyId: "k" } };

        it("catches a cross-account trust when the account comes from the rule's config", () =>
            refused(role(crossAccount), { "strongroom-account-boundary": { accountId: ACCT } }));
        it("catches it when the AWS provider's allowedAccountIds names the account", () => refused([provider([ACCT]), role(crossAccount)]));
        it("catches it when the ARNs of the stack's own resources show the account", () => refused([stackArn, role(crossAccount)]));
        it("catches it when the role's own ARN shows the account", () => refused(role(crossAccount, { arn: `arn:aws:iam::${ACCT}:role/r` })));
        it("passes the own account's root, and a deliberately trusted account", async () => {
            await passes([provider([ACCT]), role(ownAccount)]);
            await passes([provider([ACCT]), role(crossAccount)], { "strongroom-account-boundary": { trustedAccounts: [OTHER] } });
        });
        it("says, as an advisory, that it cannot tell when nothing in the plan shows the account", async () => {
            const verdicts = await runPolicies([role(crossAccount)]);
            assert.deepStrictEqual(
                verdicts.filter((v) => v.enforcementLevel === "mandatory"),
                [],
            );
            const note = verdicts.find((v) => v.policy === "strongroom-account-boundary");
            assert.ok(note && note.enforcementLevel === "advisory" && /accountId/.test(note.message), JSON.stringify(verdicts));
        });
        it("refuses a trust naming two accounts outright: one of them is another account", () =>
            refused(role(doc({ Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${ACCT}:root`, `arn:aws:iam::${OTHER}:root`] }, Action: "sts:AssumeRole" }))));
        it("places key and resource policies the same way", async () => {
            const keyPolicy = (account: string) =>
                doc(
                    { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
                    { Sid: "Use", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:role/app` }, Action: "kms:Decrypt", Resource: "*" },
                );
            const key = (account: string): OfflineResource => ({
                type: "aws:kms/key:Key",
                name: "k",
                props: { enableKeyRotation: true, policy: keyPolicy(account) },
            });
            await refused([provider([ACCT]), key(OTHER)]);
            await passes([provider([ACCT]), key(ACCT)]);
            const queue = (account: string): OfflineResource => ({
                type: "aws:sqs/queuePolicy:QueuePolicy",
                name: "q",
                props: {
                    queueUrl: "q",
                    policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:role/app` }, Action: "sqs:SendMessage", Resource: "*" }),
                },
            });
            await refused([stackArn, queue(OTHER)]);
            await passes([stackArn, queue(ACCT)]);
        });
    });
});
