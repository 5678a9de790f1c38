// Mutation operators for the classes of the second review of issue #18, over planned resources: a federated trust
// widened to a second workload (in the value list, as a second statement, by a wildcard), a trust principal turned
// into `*` pinned by an account condition, and Vault started in dev mode in the start command a resource carries.
// Each mutant must be refused. Used by test/policies/mutations.test.ts.
import { gzipSync } from "node:zlib";
import { MOCK_ACCOUNT_ID } from "../../scripts/offline/mocks";
import { carried, Mutant, setAt } from "./policy-mutations";

type Json = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const statementsOf = (d: Json): Json[] => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]);
const asList = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The operator and key of the condition pinning a claim ending in `:sub`, if any. */
function subPin(s: Json): { op: string; key: string; value: string } | undefined {
    for (const [op, kv] of Object.entries(s.Condition ?? {}))
        for (const [key, v] of Object.entries(kv as Json)) if (/:sub$/i.test(key)) return { op, key, value: String(asList(v)[0]) };
    return undefined;
}
/** Another workload of the same provider: the last field of the subject changed. */
const another = (sub: string) => sub.replace(/[^:/]+$/, (x) => `${x}-other`);

export function trustMutants(type: string, props: Json): Mutant[] {
    const out: Mutant[] = [];
    for (const { kind, where, json } of carried(type, props).filter((c) => c.kind === "trust")) {
        const emit = (operator: string, what: string, doc: Json) =>
            out.push({ operator, what: `${where} ${what}`, type, props: setAt(props, where, JSON.stringify(doc)) });
        statementsOf(json).forEach((s, i) => {
            if (s.Effect !== "Allow" || kind !== "trust") return;
            const pin = subPin(s);
            if (s.Principal?.Federated && pin) {
                const listed = clone(json);
                statementsOf(listed)[i].Condition[pin.op][pin.key] = [pin.value, another(pin.value)];
                emit("second-workload-in-list", `statement ${i}`, listed);
                const split = clone(json);
                const copy = clone(s);
                copy.Sid = `${s.Sid ?? "S"}Other`;
                copy.Condition[pin.op][pin.key] = another(pin.value);
                split.Statement = [...statementsOf(split), copy];
                emit("second-workload-statement", `statement ${i}`, split);
                const wild = clone(json);
                const t = statementsOf(wild)[i];
                delete t.Condition[pin.op][pin.key];
                t.Condition.StringLike = { ...(t.Condition.StringLike ?? {}), [pin.key]: pin.value.replace(/[^:/]+$/, "*") };
                emit("workload-wildcard", `statement ${i}`, wild);
            }
            // Whoever the statement named (a role, a service, a federated provider) is replaced by `*` pinned to the account.
            const named = [...asList(s.Principal?.AWS), ...asList(s.Principal?.Federated)];
            const account = named.map((p: string) => /^(?:arn:aws[a-z-]*:iam::)?(\d{12})/.exec(p)?.[1]).find(Boolean) ?? MOCK_ACCOUNT_ID;
            if (s.Principal !== undefined && s.Principal !== "*") {
                const star = clone(json);
                const t = statementsOf(star)[i];
                t.Principal = { AWS: "*" };
                t.Condition = { ...(t.Condition ?? {}), StringEquals: { ...(t.Condition?.StringEquals ?? {}), "aws:PrincipalAccount": account } };
                emit("star-principal-pinned-to-account", `statement ${i}`, star);
            }
        });
    }
    return out;
}

const WORKLOAD = /^kubernetes:(core|apps|batch)\/v1:(Pod|Deployment|StatefulSet|DaemonSet|Job|CronJob)$/;

export function devModeMutants(type: string, props: Json): Mutant[] {
    const out: Mutant[] = [];
    const emit = (operator: string, what: string, p: Json) => out.push({ operator, what, type, props: p });
    if (type === "aws:ec2/launchTemplate:LaunchTemplate" && typeof props.userData === "string") {
        const text = Buffer.from(props.userData, "base64").toString("utf8");
        if (text.includes("vault server")) {
            const dev = text.replace("vault server", "vault server -dev");
            emit("start-in-dev-mode", "userData", setAt(props, "userData", Buffer.from(dev).toString("base64")));
            emit(
                "start-in-dev-mode",
                "userData, gzipped",
                setAt(props, "userData", gzipSync(text.replace("vault server", "vault server --dev-ha")).toString("base64")),
            );
        }
    }
    if (type === "kubernetes:helm.sh/v3:Release" && props.values?.server) {
        emit("start-in-dev-mode", "values.server.dev.enabled", setAt(props, "values.server.dev", { enabled: true }));
        emit("start-in-dev-mode", "values.server.extraArgs", setAt(props, "values.server.extraArgs", "-dev-tls"));
    }
    if (WORKLOAD.test(type)) {
        const p = clone(props);
        const spec = p.spec?.jobTemplate?.spec?.template?.spec ?? p.spec?.template?.spec ?? p.spec;
        if (Array.isArray(spec?.containers) && spec.containers.length > 0) {
            spec.containers = [...spec.containers, { name: "dev", image: "hashicorp/vault:1.21.1" }];
            emit("start-in-dev-mode", "a Vault container left to its image's command", p);
        }
    }
    return out;
}
