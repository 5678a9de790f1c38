// Mutation operators over the policy documents (and unsafe-default inputs) of planned resources, and the
// meaning-preserving rewrites that must never change a verdict. Used by test/policies/mutations.test.ts.
import { isReadOnly } from "../../policies/lib/aws-actions";
import { allReached } from "../../policies/lib/actions-reached";
import { documentsOf, DocumentKind } from "../../policies/lib/carriers";
import { keyClass } from "../../policies/lib/conditions";
import { readDocument } from "../../policies/lib/document";

export interface Mutant {
    readonly operator: string;
    readonly what: string;
    readonly type: string;
    readonly props: Record<string, any>;
    /** Why the mutant cannot be caught without changing what the pack promises; undefined when it must be caught. */
    readonly equivalent?: string;
}

type Json = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const asList = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Reads the raw JSON at a carried document's place (`policy`, `inlinePolicies[0].policy`). */
function getAt(props: Json, where: string): unknown {
    return where.split(".").reduce<any>((o, part) => {
        const m = /^(\w+)\[(\d+)\]$/.exec(part);
        return m ? o?.[m[1]]?.[Number(m[2])] : o?.[part];
    }, props);
}

export function setAt(props: Json, where: string, value: unknown): Json {
    const out = clone(props);
    const parts = where.split(".");
    let o: any = out;
    parts.forEach((part, i) => {
        const m = /^(\w+)\[(\d+)\]$/.exec(part);
        if (i === parts.length - 1) o[part] = value;
        else o = m ? o[m[1]][Number(m[2])] : o[part];
    });
    return out;
}

const raw = (doc: unknown): Json => clone(typeof doc === "string" ? JSON.parse(doc) : doc) as Json;
const statementsOf = (d: Json): Json[] => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]);

/** The documents a resource carries, as raw JSON, with where they sit and their kind. */
export function carried(type: string, props: Json): { kind: DocumentKind; where: string; json: Json }[] {
    return documentsOf(type, props).map((c) => ({ kind: c.kind, where: c.where, json: raw(getAt(props, c.where)) }));
}

/** Conditions that say who: account, principal, source and organisation keys, and federated claims (`…:sub`, `…:aud`). */
const restricting = (s: Json) =>
    Object.entries(s.Condition ?? {})
        .flatMap(([op, kv]) => Object.keys(kv as Json).map((k) => ({ op, key: k })))
        .filter(({ key }) => /:(sub|aud)$/i.test(key) || !["other", "transport", "network", "via-service"].includes(keyClass(key.toLowerCase())));

/** Read from the raw statement, independently of the pack: a positive operator pinning an account or principal key to this account remains. */
function stillPinnedToAccount(s: Json): boolean {
    return Object.entries(s.Condition ?? {}).some(
        ([op, kv]) =>
            /^(StringEquals|ArnEquals|ArnLike|StringLike)$/.test(op) &&
            Object.entries(kv as Json).some(
                ([k, v]) =>
                    /^(aws:principalaccount|kms:calleraccount|aws:principalarn|aws:sourceaccount|aws:sourcearn|kms:encryptioncontext:aws:logs:arn)$/i.test(k) &&
                    asList(v).every((x: string) => /^123456789012$/.test(x) || x.split(":")[4] === "123456789012"),
            ),
    );
}

/** Every mutant of one resource's documents. */
export function documentMutants(type: string, props: Json): Mutant[] {
    const out: Mutant[] = [];
    for (const { kind, where, json } of carried(type, props)) {
        const statements = statementsOf(json);
        const emit = (operator: string, i: number, mutate: (s: Json) => void, equivalent?: string) => {
            const doc = clone(json);
            const list = statementsOf(doc);
            mutate(list[i]);
            out.push({
                operator,
                what: `${where} statement ${statements[i].Sid ?? i}`,
                type,
                props: setAt(props, where, JSON.stringify({ ...doc, Statement: list })),
                equivalent,
            });
        };
        statements.forEach((s, i) => {
            // Misspell an action: a typo grants (or, in a Deny, guards) nothing.
            emit(
                "misspell-action",
                i,
                (m) => (m[m.Action ? "Action" : "NotAction"] = [...asList(m.Action ?? m.NotAction).slice(1), `${asList(m.Action ?? m.NotAction)[0]}Typo`]),
            );
            if (s.Effect !== "Allow") return;
            if (kind !== "identity" && s.Principal !== undefined) {
                const already = s.Principal === "*" || asList(s.Principal?.AWS).includes("*");
                const pinned = "its conditions still pin callers to the own account (read from the raw statement)";
                emit(
                    "widen-account-to-*",
                    i,
                    (m) => (m.Principal = { AWS: "*" }),
                    // A trust policy names who may assume: `*` is refused there whatever the conditions.
                    kind === "trust"
                        ? undefined
                        : already
                          ? "the principal already is `*`, limited by its conditions"
                          : stillPinnedToAccount(s)
                            ? pinned
                            : undefined,
                );
                emit(
                    "add-NotPrincipal",
                    i,
                    (m) => {
                        m.NotPrincipal = already ? { AWS: "arn:aws:iam::123456789012:root" } : m.Principal;
                        delete m.Principal;
                    },
                    kind !== "trust" && stillPinnedToAccount(s) ? pinned : undefined,
                );
                for (const { op, key } of restricting(s)) {
                    const rest = clone(s);
                    delete rest.Condition[op][key];
                    const equivalent =
                        stillPinnedToAccount(rest) && !/:(sub|aud)$/i.test(key)
                            ? "another condition still pins callers to the own account (read from the raw statement)"
                            : undefined;
                    emit(
                        `swap-condition`,
                        i,
                        (m) => {
                            delete m.Condition[op][key];
                            if (Object.keys(m.Condition[op]).length === 0) delete m.Condition[op];
                            m.Condition.Bool = { ...(m.Condition.Bool ?? {}), "aws:SecureTransport": "true" };
                        },
                        equivalent,
                    );
                    if (/:(sub|aud)$/i.test(key)) continue;
                    emit(
                        `widen-condition-account`,
                        i,
                        (m) => {
                            const values = asList(m.Condition[op][key]).map((v: string) =>
                                /^\d{12}$/.test(v)
                                    ? "*"
                                    : v
                                          .split(":")
                                          .map((f, j) => (j === 4 ? "*" : f))
                                          .join(":"),
                            );
                            delete m.Condition[op][key];
                            if (Object.keys(m.Condition[op]).length === 0) delete m.Condition[op];
                            const like = op.startsWith("Arn") ? "ArnLike" : "StringLike";
                            m.Condition[like] = { ...(m.Condition[like] ?? {}), [key]: values };
                        },
                        equivalent,
                    );
                }
            }
            if (kind === "identity" && s.Resource !== undefined && !asList(s.Resource).includes("*")) {
                const reached = allReached(readDocument({ Statement: [s] }).statements[0]);
                const onlyMetadataReads = reached.every((a) => isReadOnly(a) && !["secretsmanager", "ssm", "s3", "kms"].includes(a.service));
                emit(
                    "resource-to-*-equivalent",
                    i,
                    (m) => (m.Resource = asList(m.Resource).map(wholeType)),
                    onlyMetadataReads
                        ? "the statement only reads metadata (AWS Read/List, no secret data), which the pack allows on every resource"
                        : undefined,
                );
            }
        });
    }
    return out;
}

/** The pattern for every resource of the type an ARN names: its account and region kept, its identifying part `*`. */
export function wholeType(arn: string): string {
    const f = arn.split(":");
    if (f.length < 6) return "*";
    const resource = f.slice(5).join(":");
    const head = /^([a-z-]+[/:])/.exec(resource)?.[1] ?? "";
    return [...f.slice(0, 5), `${head}*`].join(":");
}

/** Inputs whose AWS default is unsafe, by type: deleting one must be caught. */
export const UNSAFE_DEFAULTS: Record<string, string[]> = {
    "aws:ec2/launchTemplate:LaunchTemplate": [
        "metadataOptions.httpTokens",
        "metadataOptions.httpPutResponseHopLimit",
        "blockDeviceMappings[0].ebs.encrypted",
        "blockDeviceMappings[0].ebs.kmsKeyId",
    ],
    "aws:dynamodb/table:Table": ["pointInTimeRecovery", "serverSideEncryption"],
    "aws:kms/key:Key": ["enableKeyRotation", "policy"],
    "aws:sns/topic:Topic": ["kmsMasterKeyId"],
    "aws:secretsmanager/secret:Secret": ["kmsKeyId"],
    "aws:lambda/function:Function": ["kmsKeyArn"],
    "aws:lb/loadBalancer:LoadBalancer": ["dropInvalidHeaderFields"],
    "aws:lb/listener:Listener": ["sslPolicy", "defaultActions[0].redirect.protocol"],
    "aws:eks/cluster:Cluster": ["vpcConfig.endpointPublicAccess", "enabledClusterLogTypes", "encryptionConfig"],
    "aws:eks/nodeGroup:NodeGroup": ["launchTemplate"],
    "kubernetes:helm.sh/v3:Release": ["values.global.tlsDisable", "values.server.ha.enabled"],
    "aws:lambda/permission:Permission": ["sourceArn"],
};

/** AWS's value for an unset input where it is known: unsetting an input already set to it changes nothing. */
const AWS_DEFAULT_VALUES: Record<string, Record<string, unknown>> = {
    "aws:eks/cluster:Cluster": { "vpcConfig.endpointPublicAccess": true }, // still limited by publicAccessCidrs
};

export function unsetMutants(type: string, props: Json): Mutant[] {
    return (UNSAFE_DEFAULTS[type] ?? [])
        .filter((where) => getAt(props, where) !== undefined)
        .map((where) => ({
            operator: "unset-unsafe-default",
            what: where,
            type,
            props: setAt(props, where, undefined),
            equivalent: AWS_DEFAULT_VALUES[type]?.[where] === getAt(props, where) ? "the value set is AWS's default" : undefined,
        }));
}

/** A separate resource policy moved inline onto its resource, as the same resource would carry it. */
export const INLINE_HOME: Record<string, { type: string; input: string }> = {
    "aws:sns/topicPolicy:TopicPolicy": { type: "aws:sns/topic:Topic", input: "policy" },
    "aws:s3/bucketPolicy:BucketPolicy": { type: "aws:s3/bucket:Bucket", input: "policy" },
    "aws:sqs/queuePolicy:QueuePolicy": { type: "aws:sqs/queue:Queue", input: "policy" },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { type: "aws:secretsmanager/secret:Secret", input: "policy" },
    "aws:kms/keyPolicy:KeyPolicy": { type: "aws:kms/key:Key", input: "policy" },
};

/** Moves a (possibly mutated) document to where else AWS lets the same resource carry it. */
export function movedInline(m: { type: string; props: Json }): { type: string; props: Json } | undefined {
    if (m.type === "aws:iam/rolePolicy:RolePolicy")
        return {
            type: "aws:iam/role:Role",
            props: {
                assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                inlinePolicies: [{ name: "p", policy: m.props.policy }],
            },
        };
    const home = INLINE_HOME[m.type];
    if (!home) return undefined;
    const extra =
        home.type === "aws:kms/key:Key"
            ? { enableKeyRotation: true }
            : home.type === "aws:sns/topic:Topic"
              ? { kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }
              : home.type === "aws:secretsmanager/secret:Secret"
                ? { kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }
                : {};
    return { type: home.type, props: { ...extra, arn: m.props.arn, [home.input]: m.props.policy } };
}

/** Meaning-preserving rewrites of every document a resource carries. */
export const REWRITES: Record<string, (doc: Json) => unknown> = {
    "JSON object instead of string": (d) => d,
    "Statement as an object when alone, arrays as scalars when single": (d) => {
        const list = statementsOf(d).map((s) => {
            const t = clone(s);
            for (const k of ["Action", "NotAction", "Resource", "NotResource"]) if (Array.isArray(t[k]) && t[k].length === 1) t[k] = t[k][0];
            return t;
        });
        return JSON.stringify({ ...d, Statement: list.length === 1 ? list[0] : list });
    },
    "scalars as one-element arrays": (d) =>
        JSON.stringify({
            ...d,
            Statement: statementsOf(d).map((s) => {
                const t = clone(s);
                for (const k of ["Action", "NotAction", "Resource", "NotResource"]) if (t[k] !== undefined) t[k] = asList(t[k]);
                for (const kv of Object.values(t.Condition ?? {}) as Json[]) for (const k of Object.keys(kv)) kv[k] = asList(kv[k]);
                return t;
            }),
        }),
    "action case": (d) =>
        JSON.stringify({
            ...d,
            Statement: statementsOf(d).map((s) => {
                const t = clone(s);
                for (const k of ["Action", "NotAction"])
                    if (t[k] !== undefined) t[k] = asList(t[k]).map((a: string, i: number) => (i % 2 ? a.toUpperCase() : a.toLowerCase()));
                return t;
            }),
        }),
    "statements and lists reordered": (d) =>
        JSON.stringify({
            ...d,
            Statement: [...statementsOf(d)].reverse().map((s) => {
                const t = clone(s);
                for (const k of ["Action", "NotAction", "Resource", "NotResource"]) if (Array.isArray(t[k])) t[k] = [...t[k]].reverse();
                return t;
            }),
        }),
    "each statement split per action": (d) =>
        JSON.stringify({
            ...d,
            Statement: statementsOf(d).flatMap((s) => (s.Action === undefined ? [s] : asList(s.Action).map((a: string) => ({ ...clone(s), Action: a })))),
        }),
    "Principal forms (an account root as its bare id, * as {AWS: *})": (d) =>
        JSON.stringify({
            ...d,
            Statement: statementsOf(d).map((s) => {
                const t = clone(s);
                for (const k of ["Principal", "NotPrincipal"]) {
                    if (t[k] === "*") t[k] = { AWS: "*" };
                    else if (t[k]?.AWS !== undefined) t[k].AWS = asList(t[k].AWS).map((p: string) => /^arn:aws:iam::(\d{12}):root$/.exec(p)?.[1] ?? p);
                }
                return t;
            }),
        }),
};

export function rewritten(type: string, props: Json, rewrite: (doc: Json) => unknown): Json {
    return carried(type, props).reduce((p, { where, json }) => setAt(p, where, rewrite(json)), props);
}
