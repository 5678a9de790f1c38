// One loopback HTTP endpoint for the AWS APIs the function calls: Secrets Manager (JSON 1.1), SQS SendMessage to a
// FIFO queue (JSON 1.0), SNS Publish and STS GetCallerIdentity (query protocol). STS checks the SigV4 signature
// against the test credentials.
import { createHash } from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { FakeSecretsManager } from "./fake-secrets-manager";

export interface TestIdentity {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    /** The role ARN GetCallerIdentity reports for these keys. */
    readonly roleArn: string;
}

export class FakeAws {
    readonly secretsManager: FakeSecretsManager;
    readonly published: { topicArn: string; subject?: string; message: string }[] = [];
    /** Messages sent to FIFO queues, in order; a repeated deduplication id is accepted and not queued again. */
    readonly queued: { queueUrl: string; body: string; groupId: string; dedupId: string }[] = [];
    sqsAvailable = true;
    readonly identities: TestIdentity[] = [];
    snsAvailable = true;
    private server?: http.Server;

    constructor(readonly region = "eu-west-1") {
        this.secretsManager = new FakeSecretsManager(region);
    }

    get endpoint(): string {
        return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    }

    async start(): Promise<this> {
        this.server = http.createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return this;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise((resolve) => this.server?.close(resolve));
    }

    /** What Vault does with an IAM login: replay the signed GetCallerIdentity and return the caller's ARN. */
    async callerOf(request: { url: string; body: string; headers: Record<string, string[]> }): Promise<string | undefined> {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : String(v)]));
        if (new URLSearchParams(request.body).get("Action") !== "GetCallerIdentity") return undefined;
        return this.verifySignature(new URL(request.url), headers, request.body);
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        let body = "";
        for await (const chunk of req) body += chunk;
        await this.secretsManager.faults.delay();
        const target = String(req.headers["x-amz-target"] ?? "");
        if (target.startsWith("secretsmanager.")) {
            const reply = this.secretsManager.handle(target.slice("secretsmanager.".length), JSON.parse(body || "{}"));
            res.writeHead(reply.status, { "content-type": "application/x-amz-json-1.1" });
            return void res.end(JSON.stringify(reply.body));
        }
        if (target === "AmazonSQS.SendMessage") {
            const input = JSON.parse(body || "{}");
            res.setHeader("content-type", "application/x-amz-json-1.0");
            if (!this.sqsAvailable) {
                res.statusCode = 500;
                return void res.end(JSON.stringify({ __type: "com.amazonaws.sqs#InternalError", message: "injected" }));
            }
            if (!this.queued.some((m) => m.dedupId === input.MessageDeduplicationId))
                this.queued.push({ queueUrl: input.QueueUrl, body: input.MessageBody, groupId: input.MessageGroupId, dedupId: input.MessageDeduplicationId });
            const md5 = createHash("md5").update(input.MessageBody).digest("hex");
            return void res.end(JSON.stringify({ MessageId: `m-${this.queued.length}`, MD5OfMessageBody: md5, SequenceNumber: String(this.queued.length) }));
        }
        const form = new URLSearchParams(body);
        const xml = (status: number, text: string) => {
            res.writeHead(status, { "content-type": "text/xml" });
            res.end(text);
        };
        if (form.get("Action") === "Publish") {
            if (!this.snsAvailable) return xml(500, "<ErrorResponse><Error><Code>InternalError</Code><Message>injected</Message></Error></ErrorResponse>");
            this.published.push({ topicArn: form.get("TopicArn") ?? "", subject: form.get("Subject") ?? undefined, message: form.get("Message") ?? "" });
            return xml(
                200,
                `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${this.published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
            );
        }
        if (form.get("Action") === "GetCallerIdentity") {
            const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
            const arn = await this.verifySignature(new URL(req.url ?? "/", `http://${req.headers.host}`), headers, body);
            if (!arn) return xml(403, "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>");
            return xml(
                200,
                `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROA:fn</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
            );
        }
        xml(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>");
    }

    /** Re-signs the request with the identity named in its Authorization header; a match proves the signer had the key. */
    private async verifySignature(url: URL, headers: Record<string, string>, body: string): Promise<string | undefined> {
        const auth = /Credential=([^/]+)\/\d{8}\/([^/]+)\/sts\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)/.exec(headers.authorization ?? "");
        const identity = this.identities.find((i) => i.accessKeyId === auth?.[1]);
        const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(headers["x-amz-date"] ?? "");
        if (!auth || !identity || !date) return undefined;
        const signed = auth[3].split(";");
        const signer = new SignatureV4({ credentials: identity, region: auth[2], service: "sts", sha256: Hash.bind(null, "sha256") });
        const resigned = (await signer.sign(
            {
                method: "POST",
                protocol: url.protocol,
                hostname: url.hostname,
                port: url.port ? Number(url.port) : undefined,
                path: url.pathname,
                query: {},
                headers: Object.fromEntries(signed.filter((h) => h !== "x-amz-date").map((h) => [h, headers[h]])),
                body,
            } as never,
            { signingDate: new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6])) },
        )) as unknown as { headers: Record<string, string> };
        return resigned.headers.authorization === headers.authorization ? identity.roleArn : undefined;
    }
}
