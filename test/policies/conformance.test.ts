// The offline runner must say what the real analyzer says. This starts policies/index.ts as the Pulumi CLI would
// (a child process printing its gRPC port), sends it AnalyzeRequests for a stack's resources with a few guards
// removed, and compares its diagnostics with runPolicies on the same resources.
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { runPolicies } from "../../policies/offline";
import { policies } from "../../policies/rules";
import { planStack } from "../support/stack";

const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const LEVELS: Record<number, string> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };

/** Starts policies/index.ts for the enclosing describe as the Pulumi CLI would; the gRPC client to it. */
function packServer(): () => any {
    let pack: ChildProcess;
    let client: any;
    before(async () => {
        pack = spawn(process.execPath, ["--import", "tsx", "index.ts"], {
            cwd: path.resolve(__dirname, "../../policies"),
            stdio: ["ignore", "pipe", "inherit"],
        });
        const port = await new Promise<string>((resolve, reject) => {
            pack.stdout!.once("data", (d) => resolve(String(d).trim()));
            pack.once("exit", (code) => reject(new Error(`policy pack exited with ${code}`)));
        });
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        pack?.kill();
    });
    return () => client;
}

describe("policy pack conformance with the real analyzer", function () {
    this.timeout(120_000);
    const analyzer = packServer();

    it("reports the same violations for the same resources", async () => {
        const run = await planStack("dev");
        // Plain JSON (assets become placeholders), with three guards broken so there is something to report.
        const resources = run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: JSON.parse(JSON.stringify(r.inputs)) }));
        resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate")!.props.metadataOptions.httpTokens = "optional";
        resources.find((r) => r.name.endsWith("-unseal-key"))!.props.enableKeyRotation = false;
        resources.find((r) => r.type === "aws:lambda/permission:Permission")!.props.principal = "*";
        // And one resource per gap class the pack closed on AWS's own action data (issue #11).
        const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
        const extra = (type: string, name: string, props: Record<string, unknown>) =>
            resources.push({ type, name, urn: `urn:pulumi:dev::strongroom::${type}::${name}`, props });
        extra("aws:kms/keyPolicy:KeyPolicy", "foreign-admin", {
            keyId: "k",
            policy: doc(
                { Effect: "Allow", Principal: { AWS: "210987654321" }, Action: "kms:*", Resource: "*" },
                { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/app" }, Action: "kms:*Key", Resource: "*" },
            ),
        });
        extra("aws:ec2/securityGroup:SecurityGroup", "all-traffic", { ingress: [{ protocol: "-1", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
        extra("aws:lambda/permission:Permission", "any-rule", {
            action: "lambda:InvokeFunction",
            principal: "events.amazonaws.com",
            sourceArn: "arn:aws:events:eu-west-1:123456789012:rule/*",
        });
        extra("aws:iam/rolePolicy:RolePolicy", "globs", {
            role: "r",
            policy: doc({ Effect: "Allow", Action: ["iam:*Role*", "s3:Get*", "sts:GetFederationToken"], Resource: "*" }),
        });

        const offline = (await runPolicies(resources, { policies: policies.filter((p) => "validateResource" in p) }))
            .map((v) => `${v.resource} ${v.policy} ${v.enforcementLevel} ${v.message}`)
            .sort();
        const engine: string[] = [];
        for (const r of resources) {
            const request = new analyzerPb.AnalyzeRequest();
            request.setType(r.type);
            request.setName(r.name);
            request.setUrn(r.urn);
            request.setProperties(Struct.fromJavaScript(r.props));
            request.setOptions(new analyzerPb.AnalyzerResourceOptions());
            const response: any = await new Promise((resolve, reject) =>
                analyzer().analyze(request, (err: Error, res: unknown) => (err ? reject(err) : resolve(res))),
            );
            for (const d of response.getDiagnosticsList()) {
                const description = policies.find((p) => p.name === d.getPolicyname())!.description;
                engine.push(`${r.name} ${d.getPolicyname()} ${LEVELS[d.getEnforcementlevel()]} ${d.getMessage().slice(description.length + 1)}`);
            }
        }
        assert.ok(offline.length >= 3, `expected the broken guards to be reported: ${offline.join("\n")}`);
        for (const name of ["foreign-admin", "all-traffic", "any-rule", "globs"])
            assert.ok(
                offline.some((v) => v.startsWith(`${name} `)),
                `expected ${name} to be reported: ${offline.join("\n")}`,
            );
        assert.deepStrictEqual(engine.sort(), offline);
    });
});

describe("stack rules: conformance with the real analyzer's AnalyzeStack", function () {
    this.timeout(120_000);
    const analyzer = packServer();

    /** Companions joined by literal name, by an output unknown at preview, and one naming another bucket. */
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const u = (type: string, name: string) => `urn:pulumi:dev::strongroom::${type}::${name}`;
    const joins = [
        { type: "aws:s3/bucket:Bucket", name: "named", props: { bucket: "strongroom-named" } },
        {
            type: "aws:s3/bucketVersioning:BucketVersioning",
            name: "named-v",
            props: { bucket: "strongroom-named", versioningConfiguration: { status: "Enabled" } },
        },
        { type: "aws:kms/key:Key", name: "apart", props: { enableKeyRotation: true } },
        { type: "aws:kms/keyPolicy:KeyPolicy", name: "apart-p", props: { keyId: UNKNOWN, policy: UNKNOWN }, deps: { keyId: [u("aws:kms/key:Key", "apart")] } },
        { type: "aws:ec2/vpc:Vpc", name: "lonely", props: { cidrBlock: "10.9.0.0/16" } },
        { type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", name: "not-its", props: { vpcId: "vpc-other" } },
    ];

    async function compare(resources: { type: string; name: string; props: Record<string, unknown>; deps?: Record<string, string[]> }[]) {
        const stackRules = policies.filter((p) => "validateStack" in p);
        const offline = (
            await runPolicies(
                resources.map((r) => ({ type: r.type, name: r.name, urn: u(r.type, r.name), props: r.props, propertyDependencies: r.deps })),
                { policies: stackRules },
            )
        )
            .map((v) => `${v.policy} ${v.enforcementLevel}`)
            .sort();
        const request = new analyzerPb.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((r) => {
                const ar = new analyzerPb.AnalyzerResource();
                ar.setType(r.type);
                ar.setName(r.name);
                ar.setUrn(u(r.type, r.name));
                ar.setProperties(Struct.fromJavaScript(r.props as never));
                ar.setOptions(new analyzerPb.AnalyzerResourceOptions());
                for (const [input, urns] of Object.entries(r.deps ?? {})) {
                    const d = new analyzerPb.AnalyzerPropertyDependencies();
                    d.setUrnsList(urns);
                    ar.getPropertydependenciesMap().set(input, d);
                }
                return ar;
            }),
        );
        const response: any = await new Promise((resolve, reject) =>
            analyzer().analyzeStack(request, (err: Error, res: unknown) => (err ? reject(err) : resolve(res))),
        );
        const engine = response
            .getDiagnosticsList()
            .map((d: any) => `${d.getPolicyname()} ${LEVELS[d.getEnforcementlevel()]}`)
            .sort();
        return { offline, engine };
    }

    it("joins, refusals and the unknown account's advisory agree over gRPC", async () => {
        const run = await planStack("dev");
        const dev = run.resources.map((r) => ({ type: r.type, name: r.name, props: JSON.parse(JSON.stringify(r.inputs)), deps: r.propertyDependencies }));
        const { offline, engine } = await compare([...dev, ...joins]);
        assert.deepStrictEqual(engine, offline);
        // The lonely VPC and the unversioned, unencrypted bucket are refused; the key's KeyPolicy joins while unknown.
        assert.ok(offline.includes("strongroom-ec2-default-security-group mandatory"), offline.join("\n"));
        assert.ok(!offline.includes("strongroom-kms-key-policy-set mandatory"), offline.join("\n"));
        const trust = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole" }],
        };
        const unknownAccount = await compare([{ type: "aws:iam/role:Role", name: "x", props: { assumeRolePolicy: JSON.stringify(trust) } }]);
        assert.deepStrictEqual(unknownAccount.engine, unknownAccount.offline);
        assert.deepStrictEqual(unknownAccount.offline, ["strongroom-account-boundary advisory"]);
    });
});

describe("policies/offline.ts", () => {
    it("does not start the policy pack's gRPC server when imported", () => {
        const { spawnSync } = require("child_process");
        const run = spawnSync(process.execPath, ["--import", "tsx", "-e", "require('./policies/offline'); console.log('imported')"], {
            encoding: "utf8",
            timeout: 30_000,
        });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(run.stdout.trim(), "imported", "the process printed a port or did not exit");
    });
});
