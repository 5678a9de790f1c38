// Runs the pack's rules over recorded resources exactly as the Pulumi engine's analyzer would — type filtering,
// notApplicable, unknown-value handling, per-policy config and enforcement levels — with no CLI and no gRPC server.
import { EnforcementLevel, Policies, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { policies as packPolicies } from "./rules";

export interface OfflineResource {
    readonly type: string;
    readonly name: string;
    readonly urn?: string;
    /** The parent's URN. */
    readonly parent?: string;
    /** The resource's inputs, as the mock runtime recorded them. */
    readonly props: Record<string, any>;
    /** Input name -> URNs of the resources that input came from (for stack rules that join resources). */
    readonly propertyDependencies?: Record<string, string[]>;
}

export interface Verdict {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly resource: string;
    readonly type: string;
    readonly message: string;
}

export interface RunOptions {
    /** Per-policy config, as in a policy pack config file: { "<policy>": { enforcementLevel?, ...options } }. */
    readonly config?: Record<string, Record<string, unknown>>;
    /** The rules to run. Default: the whole pack. */
    readonly policies?: Policies;
}

// The engine's own helpers, exported by @pulumi/policy but left out of its type declarations.
const { UnknownValueError, unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
    UnknownValueError: new (...args: never[]) => Error;
    unknownCheckingProxy: <T extends object>(o: T) => T;
};

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

export async function runPolicies(resources: readonly OfflineResource[], options: RunOptions = {}): Promise<Verdict[]> {
    const verdicts: Verdict[] = [];
    const withUrns = resources.map((r) => ({ ...r, urn: r.urn ?? `urn:pulumi:offline::strongroom::${r.type}::${r.name}` }));
    for (const policy of options.policies ?? packPolicies) {
        const { config = {}, level } = settingsOf(policy.name, policy.enforcementLevel, options);
        if (level === "disabled") continue;
        const getConfig = <T extends object>() => config as T;
        const report =
            (resource: OfflineResource): ReportViolation =>
            (message, urn) => {
                const named = urn ? (withUrns.find((r) => r.urn === urn) ?? resource) : resource;
                verdicts.push({ policy: policy.name, enforcementLevel: level, resource: named.name, type: named.type, message });
            };
        if ("validateStack" in policy) {
            const stackArgs = { resources: policyResources(withUrns), getConfig, notApplicable };
            await guard(policy.name, verdicts, { name: "stack", type: "pulumi:pulumi:Stack" }, () =>
                (policy as StackValidationPolicy).validateStack(stackArgs as never, report({ name: "stack", type: "pulumi:pulumi:Stack", props: {} })),
            );
            continue;
        }
        if (!("validateResource" in policy) || !policy.validateResource) continue;
        const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
        for (const resource of withUrns) {
            for (const validate of validations) {
                // The engine's fast path: a rule built with validateResourceOfType carries its Pulumi type.
                const pulumiType = (validate as { __pulumiType?: string }).__pulumiType;
                if (pulumiType && pulumiType !== resource.type) continue;
                await guard(policy.name, verdicts, resource, () => validate(resourceArgs(resource, getConfig), report(resource)));
            }
        }
    }
    return verdicts;
}

function settingsOf(name: string, own: EnforcementLevel | undefined, options: RunOptions) {
    const { enforcementLevel, ...config } = (options.config?.[name] ?? {}) as { enforcementLevel?: EnforcementLevel };
    return { config, level: enforcementLevel ?? own ?? "mandatory" };
}

/** Runs one validation, turning notApplicable into nothing and unknown values into the engine's advisory note. */
async function guard(policy: string, verdicts: Verdict[], resource: { name: string; type: string }, run: () => unknown): Promise<void> {
    try {
        await run();
    } catch (err) {
        if (err instanceof NotApplicable) return;
        if (err instanceof UnknownValueError) {
            verdicts.push({
                policy,
                enforcementLevel: "advisory",
                resource: resource.name,
                type: resource.type,
                message: `can't run policy '${policy}' during preview: ${err.message}`,
            });
            return;
        }
        throw new Error(`policy ${policy} failed on ${resource.type} ${resource.name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
}

const typeOf = (resourceClass: unknown): string | undefined => (resourceClass as { __pulumiType?: string }).__pulumiType;

function resourceArgs(r: OfflineResource & { urn: string }, getConfig: <T extends object>() => T): ResourceValidationArgs {
    const props = unknownCheckingProxy(r.props);
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            ...(r.parent ? { parent: r.parent } : {}),
        },
        stackTags: new Map(),
        isType: (cls: unknown) => typeOf(cls) === r.type,
        asType: (cls: unknown) => (typeOf(cls) === r.type ? props : undefined),
        getConfig,
        notApplicable,
    } as unknown as ResourceValidationArgs;
}

function policyResources(resources: (OfflineResource & { urn: string })[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const r of resources) {
        const props = unknownCheckingProxy(r.props);
        byUrn.set(r.urn, {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: {
                protect: false,
                ignoreChanges: [],
                aliases: [],
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                additionalSecretOutputs: [],
            },
            isType: (cls: unknown) => typeOf(cls) === r.type,
            asType: (cls: unknown) => (typeOf(cls) === r.type ? props : undefined),
            dependencies: [],
            propertyDependencies: {},
        } as unknown as PolicyResource);
    }
    for (const r of resources) {
        const pr = byUrn.get(r.urn)! as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
        if (r.parent && byUrn.has(r.parent)) pr.parent = byUrn.get(r.parent);
        for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
            pr.propertyDependencies[prop] = urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
        }
        pr.dependencies = [...new Set(Object.values(pr.propertyDependencies).flat())];
    }
    return [...byUrn.values()];
}
