// Evaluates one AWS call the way AWS would, with a real IAM policy-evaluation engine (@cloud-copilot/iam-simulate,
// AGPL: a devDependency used by the tests and the plan tool only, never by shipped code) over the caller's identity
// policies and the resource policy of the resource called (a key, bucket or function policy).
import * as path from "path";
import { getDenialReasons, runSimulation } from "@cloud-copilot/iam-simulate";

export interface NamedPolicy {
    readonly name: string;
    readonly policy: unknown;
}

export interface Request {
    /** A role session ARN (arn:aws:sts::…:assumed-role/…) or a service principal (logs.eu-west-1.amazonaws.com). */
    readonly principal: string;
    /** aws:PrincipalArn, which AWS sets on every request signed by an IAM principal: for a session, its role's ARN. */
    readonly principalArn?: string;
    readonly account: string;
    readonly action: string;
    readonly resource: string;
    /** The request context AWS sets, e.g. kms:ViaService for a KMS call DynamoDB makes with the caller's identity. */
    readonly context?: Record<string, string>;
    readonly identityPolicies: NamedPolicy[];
    readonly resourcePolicy?: unknown;
}

export type Result = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Verdict {
    readonly result: Result;
    /** The Sids of the statements that deny the call, when one does. */
    readonly deniedBy: string[];
}

/**
 * The engine checks each context key against the keys AWS documents for the action, but it recognises a templated
 * key only after a slash (aws:PrincipalTag/x), not after a colon: kms:EncryptionContext:<key> would be silently
 * dropped. Calls that set one go to the engine's core authorizer directly, without that check (its own
 * runUnsafeSimulation does the same but fails on a named resource policy); any other unrecognised key is an error.
 */
const COLON_TEMPLATED = /^kms:EncryptionContext:/i;

function authorizeUnchecked(r: Request, context: Record<string, string>): any {
    const dist = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
    const { authorize } = require(path.join(dist, "core_engine", "CoreSimulatorEngine.js"));
    const { AwsRequestImpl } = require(path.join(dist, "request", "request.js"));
    const { RequestContextImpl } = require(path.join(dist, "requestContext.js"));
    const { DiscoveryContextKeyConstraints } = require(path.join(dist, "context_keys", "discoveryContextKeyConstraints.js"));
    const { loadPolicy } = require(require.resolve("@cloud-copilot/iam-policy", { paths: [dist] }));
    return authorize({
        request: new AwsRequestImpl(r.principal, { resource: r.resource, accountId: r.account }, r.action, new RequestContextImpl(context)),
        identityPolicies: r.identityPolicies.map((p) => loadPolicy(p.policy, { name: p.name })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: r.resourcePolicy ? loadPolicy(r.resourcePolicy, { name: "resource policy" }) : undefined,
        simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
        serviceSettings: { s3: {} },
    });
}

export async function evaluate(r: Request): Promise<Verdict> {
    const simulation = {
        request: {
            principal: r.principal,
            action: r.action,
            resource: { resource: r.resource, accountId: r.account },
            contextVariables: { ...(r.principalArn ? { "aws:PrincipalArn": r.principalArn } : {}), ...(r.context ?? {}) },
        },
        identityPolicies: r.identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: r.resourcePolicy,
    };
    const outcome: any = await runSimulation(simulation as never, {});
    if (outcome.errors) throw new Error(`the engine refused ${r.action} on ${r.resource}: ${JSON.stringify(outcome.errors).slice(0, 400)}`);
    // A call on `*` for an action with resource types is simulated once per resource type ("wildcard" results).
    const results: any[] = outcome.resultType === "wildcard" ? outcome.results : [outcome.result];
    const ignored = [...new Set(results.flatMap((x) => x.ignoredContextKeys ?? []))] as string[];
    if (ignored.some((k) => !COLON_TEMPLATED.test(k)))
        throw new Error(`${r.action} does not take the context keys ${ignored.join(", ")} (Service Authorization Reference): fix the call's context.`);
    const analyses = ignored.length > 0 ? [authorizeUnchecked(r, simulation.request.contextVariables)] : results.map((x) => x.analysis);
    const deniedBy = analyses.flatMap((analysis) =>
        getDenialReasons(analysis).flatMap((d: any) => (d.denialType === "Explicit" && d.statementId ? [d.statementId] : [])),
    );
    const result = ignored.length > 0 ? analyses[0].result : outcome.overallResult;
    return { result, deniedBy: [...new Set(deniedBy)] as string[] };
}
