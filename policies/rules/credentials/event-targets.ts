import { ResourceValidationPolicy } from "@pulumi/policy";
import { credentialsIn } from "../../lib/credentials";

/** What an EventBridge target sends with every event, and so stores in plain text in the rule's configuration. */
function payloads(props: Record<string, any>): [string, unknown][] {
    const http = props.httpTarget ?? {};
    return [
        ["input", props.input],
        ["inputTransformer.inputTemplate", props.inputTransformer?.inputTemplate],
        ...Object.entries(http.headerParameters ?? {}).map(([k, v]): [string, unknown] => [`httpTarget.headerParameters.${k}`, v]),
        ...Object.entries(http.queryStringParameters ?? {}).map(([k, v]): [string, unknown] => [`httpTarget.queryStringParameters.${k}`, v]),
        ...(http.pathParameterValues ?? []).map((v: unknown, i: number): [string, unknown] => [`httpTarget.pathParameterValues[${i}]`, v]),
    ];
}

export const eventTargetCredentials: ResourceValidationPolicy = {
    name: "strongroom-event-target-credentials",
    description:
        "EventBridge targets send no literal credential with their events: a constant input or input template, HTTP header, query or path values holding a Vault token, an AWS key, a private key or a password in a URL, or a field named like a secret (…_TOKEN, …_PASSWORD, Authorization), inside JSON too. EventBridge stores them in plain text in the rule's configuration.",
    remediationSteps: "Keep the credential in Secrets Manager (or an EventBridge connection) and send its ARN; let the target fetch it.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:cloudwatch/eventTarget:EventTarget") return args.notApplicable("Policy only applies to EventBridge targets");
        for (const [where, value] of payloads(args.props)) {
            const name = where.split(".").pop()!;
            const found = /^authorization$/i.test(name) && value ? [where] : credentialsIn(name, value, where);
            for (const f of found) reportViolation(`${f} holds a literal credential.`);
        }
    },
};
