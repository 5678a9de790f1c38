// Validates chart values against the vault chart's own values.schema.json (a copy lives in ../shared/reference).
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";

const SCHEMA = path.resolve(__dirname, "../../../shared/reference/vault-helm-0.34.1/values.schema.json");

let validate: ValidateFunction | undefined;

export function validateChartValues(values: unknown): string[] {
    if (!validate) {
        const schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8"));
        // The chart names draft-07 by its https URL, which ajv knows only as http: the meta-schema is the same.
        delete schema.$schema;
        validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    }
    return validate(values) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
