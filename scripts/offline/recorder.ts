// Runs the real program under Pulumi's mock runtime and records every resource it registers, with its inputs.
// Used by the offline plan and by every stack test: no Pulumi CLI, no cloud, no network.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
// In the runtime's JS but not its type declarations.
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
import { mockCall, mockResourceState } from "./mocks";

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The parent's URN; undefined for the stack's direct children. */
    readonly parent?: string;
    readonly custom: boolean;
    readonly inputs: Record<string, any>;
    /** Input name -> URNs of the resources that input's value came from. */
    readonly propertyDependencies: Record<string, string[]>;
    /** Every resource Pulumi creates before this one (dependsOn and the inputs' sources); absent in hand-made records. */
    readonly dependencies?: string[];
    /** The region of the AWS provider the resource was registered through (a second provider puts it elsewhere). */
    readonly region?: string;
    /** Resource options that decide what a change may do to it: refused deletes and replacements, kept on delete, ignored inputs. */
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    readonly ignoreChanges?: string[];
}

export interface OfflineRun {
    readonly resources: RecordedResource[];
    readonly outputs: Record<string, unknown>;
    /** Names of outputs Pulumi would store encrypted. */
    readonly secretOutputs: string[];
}

/** The program threw; `resources` is what it had registered by then (nothing, for a config error). */
export class ProgramFailed extends Error {
    constructor(
        readonly cause: unknown,
        readonly resources: RecordedResource[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "ProgramFailed";
    }
}

export type Program = () => Promise<Record<string, pulumi.Output<unknown>>>;

class RecordingMonitor extends MockMonitor {
    readonly recorded: RecordedResource[] = [];
    constructor(
        mocks: pulumi.runtime.Mocks,
        private readonly regionOf: (providerRef: string | undefined) => string,
    ) {
        super(mocks);
    }

    async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const inputs = unwrapSecrets(await deserializeProperties(req.getObject())) as Record<string, any>;
        const type: string = req.getType();
        const name: string = req.getName();
        const parent: string = req.getParent();
        const region = this.regionOf(req.getProvider() || undefined);
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => (propertyDependencies[key] = deps.getUrnsList()));
        const dependencies: string[] = req.getDependenciesList();
        const protect: boolean = req.getProtect();
        await super.registerResource(req, (err: any, response: any) => {
            if (!err)
                this.recorded.push({
                    type,
                    name,
                    urn: response.getUrn(),
                    parent: parent || undefined,
                    custom: req.getCustom(),
                    inputs,
                    propertyDependencies,
                    dependencies,
                    region,
                    protect,
                    retainOnDelete: req.getRetainondelete() || undefined,
                    ignoreChanges: req.getIgnorechangesList().length > 0 ? req.getIgnorechangesList() : undefined,
                });
            callback(err, response);
        });
    }
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Secret inputs arrive wrapped in Pulumi's secret sentinel; policies and tests read the plain values, as the engine's analyzer does. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    // Only plain objects: assets, archives and resources keep their classes (and their promises).
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        const obj = value as Record<string, unknown>;
        if (SECRET_SIG_KEY in obj) return unwrapSecrets(obj.value);
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/**
 * Runs `program` as stack `stack` with `config` (keys like `strongroom:layout`, values as strings).
 * Throws ProgramFailed wrapping what the program threw (a ConfigError before any resource, for bad config).
 */
export async function runOffline(program: Program, stack: string, config: Record<string, string>): Promise<OfflineRun> {
    const region = config["aws:region"] ?? "us-east-1";
    // An explicit AWS provider may name another region (the DR region): resources and calls through it get its ARNs.
    const providerRegions = new Map<string, string>();
    const regionOf = (providerRef: string | undefined) => providerRegions.get(providerRef?.split("::").pop() ?? "") ?? region;
    const monitor = new RecordingMonitor(
        {
            newResource: (args) => {
                const mocked = mockResourceState(args, regionOf(args.provider));
                if (args.type === "pulumi:providers:aws" && args.inputs.region) providerRegions.set(mocked.id, String(args.inputs.region));
                return mocked;
            },
            call: (args) => mockCall(args, regionOf(args.provider)),
        },
        regionOf,
    );
    pulumi.runtime.setAllConfig(config);
    pulumi.runtime.setMockOptions(monitor, "strongroom", stack, false);
    // What setMocks enables besides the monitor: secrets must survive so secret outputs are reported as secret.
    Object.assign(getStore(), { supportsSecrets: true, supportsResourceReferences: true, supportsOutputValues: false });
    let exported: Record<string, pulumi.Output<unknown>>;
    try {
        exported = await program();
    } catch (err) {
        await (pulumi.runtime as any).waitForRPCs();
        throw new ProgramFailed(err, monitor.recorded);
    }
    await (pulumi.runtime as any).waitForRPCs();
    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [key, value] of Object.entries(exported)) {
        const output: pulumi.Output<unknown> = pulumi.output(value);
        outputs[key] = await new Promise((resolve) => output.apply(resolve));
        if (await pulumi.isSecret(output)) secretOutputs.push(key);
    }
    await (pulumi.runtime as any).waitForRPCs();
    return { resources: monitor.recorded, outputs, secretOutputs };
}

/** Reads `Pulumi.<stack>.yaml` style config into the flat string map the engine passes to programs. */
export function flattenStackConfig(config: Record<string, unknown>): Record<string, string> {
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config ?? {})) {
        flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return flat;
}
