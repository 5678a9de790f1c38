// Validates chart values against the pinned vault chart's own values.schema.json, vendored in vendor/vault-helm.
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { VAULT_CHART } from "../../infra/vault-eks/chart";

export const VENDORED_CHART = path.resolve(__dirname, "../../vendor/vault-helm");

let validate: ValidateFunction | undefined;

/** The vendored Chart.yaml's version and appVersion: must equal the stack's pin. */
export function vendoredChartVersion(): { version: string; appVersion: string } {
    const chart = parse(fs.readFileSync(path.join(VENDORED_CHART, "Chart.yaml"), "utf8"));
    return { version: String(chart.version), appVersion: String(chart.appVersion) };
}

export function validateChartValues(values: unknown): string[] {
    if (!validate) {
        const vendored = vendoredChartVersion();
        if (vendored.version !== VAULT_CHART.version) {
            throw new Error(`vendor/vault-helm holds chart ${vendored.version} but the stack pins ${VAULT_CHART.version}; vendor the pinned chart's schema`);
        }
        const schema = JSON.parse(fs.readFileSync(path.join(VENDORED_CHART, "values.schema.json"), "utf8"));
        // The chart names draft-07 by its https URL, which ajv knows only as http: the meta-schema is the same.
        delete schema.$schema;
        validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    }
    return validate(values) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
