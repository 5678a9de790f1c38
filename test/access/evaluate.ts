// Evaluates one AWS call the way AWS would, with a real IAM policy-evaluation engine (@cloud-copilot/iam-simulate,
// AGPL: a devDependency used by tests only, never by shipped code) over the identity policies recorded for a role
// and the resource policy of the resource called (a key policy, a topic policy).
import { getDenialReasons, runSimulation } from "@cloud-copilot/iam-simulate";
import { OfflineRun } from "../../scripts/offline/recorder";
import { MOCK_ACCOUNT_ID } from "../../scripts/offline/mocks";
import { doc } from "../support/stack";

export interface Call {
    readonly action: string;
    readonly resource: string;
    /** The request context AWS sets, e.g. kms:ViaService for a KMS call DynamoDB makes with the caller's identity. */
    readonly context?: Record<string, string>;
    /** The resource's own policy, when it has one (key policies). */
    readonly resourcePolicy?: unknown;
}

export interface Verdict {
    readonly result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | string;
    /** The Sids of the statements that deny the call, when one does. */
    readonly deniedBy: string[];
}

/** The inline policies of the role with this logical name, as the engine takes them. */
export function rolePolicies(run: OfflineRun, roleName: string): { name: string; policy: unknown }[] {
    return run.resources
        .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === `${roleName}-id`)
        .map((r) => ({ name: r.name, policy: doc(r.inputs.policy) }));
}

/** aws:PrincipalArn, which AWS sets on every signed request: for a role session, the role's ARN. */
function roleArnOf(principal: string): string {
    const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(principal);
    return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : principal;
}

export async function evaluate(principal: string, policies: { name: string; policy: unknown }[], call: Call): Promise<Verdict> {
    const outcome: any = await runSimulation(
        {
            request: {
                principal,
                action: call.action,
                resource: { resource: call.resource, accountId: MOCK_ACCOUNT_ID },
                contextVariables: { "aws:PrincipalArn": roleArnOf(principal), ...(call.context ?? {}) },
            },
            identityPolicies: policies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: call.resourcePolicy,
        },
        {},
    );
    if (outcome.errors) throw new Error(`the engine refused ${call.action} on ${call.resource}: ${JSON.stringify(outcome.errors).slice(0, 400)}`);
    const analysis = outcome.result.analysis;
    const deniedBy = getDenialReasons(analysis).flatMap((d: any) => (d.denialType === "Explicit" && d.statementId ? [d.statementId] : []));
    return { result: analysis.result, deniedBy };
}
