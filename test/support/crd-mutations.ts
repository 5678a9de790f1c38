// Malformed variants of a custom resource, generated from its CRD's own schema: for every field the manifest sets
// under `spec`, a required one removed, an enum given a value outside it, a value of the wrong type, and an unknown
// field beside it. Each comes with the path the API server must name when it refuses it.
import { Manifest } from "../../scripts/k8s/client";

export interface Mutation {
    readonly what: string;
    readonly manifest: Manifest;
    /** What the refusal must say: the field's path (with or without the leading dot server-side apply adds). */
    readonly says: RegExp;
}

interface Schema {
    type?: string;
    enum?: unknown[];
    required?: string[];
    properties?: Record<string, Schema>;
    items?: Schema;
    "x-kubernetes-preserve-unknown-fields"?: boolean;
}

/** The openAPIV3Schema of the CRD version `manifest` uses. */
export function schemaOf(crd: Manifest, manifest: Manifest): Schema {
    const version = manifest.apiVersion.split("/")[1];
    const served = crd.spec.versions.find((v: any) => v.name === version);
    if (!served) throw new Error(`${crd.metadata.name} has no version ${version}`);
    return served.schema.openAPIV3Schema;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const named = (path: string, rest: string) => new RegExp(`(^|[^\\w])\\.?${escape(path)}: ${rest}`);

/** A wrong value for a schema type (never one that type accepts). */
function wrongValue(schema: Schema): [unknown, string] | undefined {
    switch (schema.type) {
        case "string":
            return [42, "expected string"];
        case "integer":
        case "number":
            return ["not a number", "expected numeric"];
        case "boolean":
            return ["yes", "expected boolean"];
        case "array":
            return ["not a list", "expected list"];
        case "object":
            return schema.properties ? ["not a map", "expected map"] : undefined;
        default:
            return undefined;
    }
}

export function crdMutations(crd: Manifest, manifest: Manifest): Mutation[] {
    const out: Mutation[] = [];
    const variant = (what: string, says: RegExp, edit: (copy: any) => void) => {
        const copy = JSON.parse(JSON.stringify(manifest));
        copy.metadata = { name: `${manifest.metadata.name}-m${out.length}`, namespace: manifest.metadata.namespace };
        edit(copy);
        out.push({ what, manifest: copy, says });
    };
    const at = (root: any, keys: string[]) => keys.reduce((o, k) => o[k], root);
    const walk = (schema: Schema, value: any, keys: string[]) => {
        const path = keys.join(".");
        const wrong = wrongValue(schema);
        if (keys.length > 1 && wrong) {
            variant(`${path} of the wrong type`, named(path, wrong[1]), (c) => (at(c, keys.slice(0, -1))[keys[keys.length - 1]] = wrong[0]));
        }
        if (schema.enum && typeof value === "string") {
            variant(`${path} outside its enum`, named(path, 'Unsupported value: "strongroom-not-a-value"'), (c) => {
                at(c, keys.slice(0, -1))[keys[keys.length - 1]] = "strongroom-not-a-value";
            });
        }
        if (schema.type === "array" && Array.isArray(value) && schema.items?.enum) {
            variant(`${path}[0] outside its enum`, named(`${path}[0]`, 'Unsupported value: "strongroom-not-a-value"'), (c) => {
                at(c, keys).unshift("strongroom-not-a-value");
            });
        }
        if (schema.type !== "object" || !schema.properties || !value || typeof value !== "object") return;
        for (const key of schema.required ?? []) {
            if (key in value) variant(`${path}.${key} missing`, named(`${path}.${key}`, "Required value"), (c) => delete at(c, keys)[key]);
        }
        if (!schema["x-kubernetes-preserve-unknown-fields"]) {
            variant(`${path}.strongroomUnknown added`, named(`${path}.strongroomUnknown`, "field not declared in schema"), (c) => {
                at(c, keys).strongroomUnknown = "x";
            });
        }
        for (const [key, child] of Object.entries(value)) {
            const childSchema = schema.properties[key];
            if (childSchema) walk(childSchema, child, [...keys, key]);
        }
    };
    walk(schemaOf(crd, manifest).properties!.spec, manifest.spec, ["spec"]);
    return out;
}
