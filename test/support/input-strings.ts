// Every string in a resource's inputs, JSON documents (policies) opened up, with the path where it was found, e.g.
// `inputs.policy.Statement[0].Action[1]`. Class checks over policies and ARNs read inputs through this.

export function inputStrings(value: unknown, where = "inputs", out: [string, string][] = []): [string, string][] {
    if (typeof value === "string") {
        if (value.trim().startsWith("{")) {
            try {
                return inputStrings(JSON.parse(value), where, out);
            } catch {
                /* not JSON: a plain string */
            }
        }
        out.push([value, where]);
    } else if (Array.isArray(value)) value.forEach((v, i) => inputStrings(v, `${where}[${i}]`, out));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) inputStrings(v, `${where}.${k}`, out);
    return out;
}
