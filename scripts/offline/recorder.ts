// Runs the real program under Pulumi's mock runtime and records every resource it registers, with its inputs.
// Used by the offline plan and by every stack test: no Pulumi CLI, no cloud, no network.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
// In the runtime's JS but not its type declarations.
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
import { ApplyFailureWatch } from "./apply-failures";
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

/**
 * The program threw, or an apply in it did; `resources` is what it had registered by then (nothing, for a config
 * error). `where` says, for an error thrown inside an apply, the resource input it reached and the line that threw.
 */
export class ProgramFailed extends Error {
    constructor(
        readonly cause: unknown,
        readonly resources: RecordedResource[],
        inApply?: { message: string; where: string },
    ) {
        super(inApply ? `${inApply.message} ${inApply.where}` : cause instanceof Error ? cause.message : String(cause));
        this.name = "ProgramFailed";
        this.where = inApply?.where;
    }

    /** For an error thrown inside an apply: the resource input it reached and the program's line that threw it. */
    readonly where?: string;
}

export type Program = () => Promise<Record<string, pulumi.Output<unknown>>>;

/** Fault injection for tests: `call` may answer a provider function (an invoke) instead of the mocks. */
export interface MockFaults {
    readonly call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> | undefined;
}

class RecordingMonitor extends MockMonitor {
    readonly recorded: RecordedResource[] = [];
    /**
     * Set when the run has failed: what the abandoned program still sends is dropped unanswered, so it stalls
     * quietly instead of registering into, or failing, the next run in this process.
     */
    closed = false;

    constructor(
        mocks: pulumi.runtime.Mocks,
        private readonly regionOf: (providerRef: string | undefined) => string,
    ) {
        super(mocks);
    }

    async invoke(req: any, callback: (err: any, response: any) => void): Promise<void> {
        if (!this.closed) return super.invoke(req, callback);
    }

    async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        if (this.closed) return;
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
export async function runOffline(program: Program, stack: string, config: Record<string, string>, faults: MockFaults = {}): Promise<OfflineRun> {
    // The mock runtime's state is global: runs started together (a test's Promise.all) run one after another.
    const previous = queue;
    let done!: () => void;
    queue = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
        return await runOfflineNow(program, stack, config, faults);
    } finally {
        done();
    }
}

let queue: Promise<void> = Promise.resolve();

async function runOfflineNow(program: Program, stack: string, config: Record<string, string>, faults: MockFaults): Promise<OfflineRun> {
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
            call: (args) => faults.call?.(args) ?? mockCall(args, regionOf(args.provider)),
        },
        regionOf,
    );
    pulumi.runtime.setAllConfig(config);
    pulumi.runtime.setMockOptions(monitor, "strongroom", stack, false);
    // What setMocks enables besides the monitor: secrets must survive so secret outputs are reported as secret.
    // `terminated` silences the runtime's report of promises left pending at exit; a failed run below sets it.
    Object.assign(getStore(), { supportsSecrets: true, supportsResourceReferences: true, supportsOutputValues: false, terminated: false });
    // An error thrown inside an apply never reaches `program()`'s promise, and the registration it broke never
    // finishes: every wait below also ends, at once, when one happens.
    const watch = ApplyFailureWatch.start();
    const orFailure = <T>(p: Promise<T>): Promise<T> => Promise.race([p, watch.failed]);
    const waitForRPCs = () => orFailure((pulumi.runtime as any).waitForRPCs() as Promise<void>);
    try {
        let exported: Record<string, pulumi.Output<unknown>>;
        try {
            exported = await orFailure(program());
        } catch (err) {
            await waitForRPCs().catch(() => undefined);
            throw err;
        }
        await waitForRPCs();
        const outputs: Record<string, unknown> = {};
        const secretOutputs: string[] = [];
        for (const [key, value] of Object.entries(exported)) {
            const output: pulumi.Output<unknown> = pulumi.output(value);
            // The output's own promise (internal to Pulumi), so an error thrown in its apply names this output.
            const settled = (output as any).promise() as Promise<unknown>;
            outputs[key] = await orFailure(
                settled.catch((err: unknown) => {
                    watch.note(err, { type: "stack output", name: key });
                    throw err;
                }),
            );
            if (await orFailure(pulumi.isSecret(output))) secretOutputs.push(key);
        }
        await waitForRPCs();
        await watch.settle();
        return { resources: monitor.recorded, outputs, secretOutputs };
    } catch (err) {
        // The program is abandoned mid-way, as the CLI's language host would exit: its pending work is not a leak.
        monitor.closed = true;
        getStore().terminated = true;
        throw new ProgramFailed(err, [...monitor.recorded], watch.sawInApply(err) ? watch.describe(err) : undefined);
    } finally {
        watch.stop();
    }
}

/** Reads `Pulumi.<stack>.yaml` style config into the flat string map the engine passes to programs. */
export function flattenStackConfig(config: Record<string, unknown>): Record<string, string> {
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config ?? {})) {
        flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return flat;
}
