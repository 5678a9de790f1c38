// The texts EC2 user data hands to cloud-init, however they are packed: base64 (launch templates, *Base64 inputs),
// gzip, MIME multi-part archives, cloud-config (write_files contents, runcmd and bootcmd entries) or a plain script.
// cloud-init's formats: cloudinit.readthedocs.io/en/latest/explanation/format.html.
import { gunzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";

/** User data inputs by type, and whether each holds base64. */
const USER_DATA: Record<string, { input: string; base64: boolean }[]> = {
    "aws:ec2/launchTemplate:LaunchTemplate": [{ input: "userData", base64: true }],
    "aws:ec2/instance:Instance": [
        { input: "userData", base64: false },
        { input: "userDataBase64", base64: true },
    ],
    "aws:ec2/launchConfiguration:LaunchConfiguration": [
        { input: "userData", base64: false },
        { input: "userDataBase64", base64: true },
    ],
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": [
        { input: "userData", base64: false },
        { input: "userDataBase64", base64: true },
    ],
    "aws:lightsail/instance:Instance": [{ input: "userData", base64: false }],
    "aws:imagebuilder/imageRecipe:ImageRecipe": [{ input: "userDataBase64", base64: true }],
};

export const USER_DATA_TYPES = [...Object.keys(USER_DATA), "aws:ec2/spotFleetRequest:SpotFleetRequest"];

const isGzip = (b: Buffer) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

function decode(raw: Buffer): string {
    return (isGzip(raw) ? gunzipSync(raw) : raw).toString("utf8");
}

/** The raw user data a resource carries, decoded (base64, gzip); undefined when its type carries none. */
export function userDataOf(type: string, props: Record<string, any>): string[] | undefined {
    if (type === "aws:ec2/spotFleetRequest:SpotFleetRequest")
        return (props.launchSpecifications ?? [])
            .map((s: any) => s?.userData)
            .filter((u: unknown): u is string => typeof u === "string")
            .map(String);
    const inputs = USER_DATA[type];
    if (!inputs) return undefined;
    return inputs
        .filter((i) => typeof props[i.input] === "string" && props[i.input] !== "")
        .map((i) => (i.base64 ? decode(Buffer.from(props[i.input], "base64")) : String(props[i.input])));
}

/** A MIME multi-part archive's parts, decoded by their Content-Transfer-Encoding. */
function mimeParts(text: string): string[] | undefined {
    const boundary = /^Content-Type:\s*multipart\/[a-z]+;[^\n]*boundary="?([^"\s;]+)"?/im.exec(text)?.[1];
    if (!boundary) return undefined;
    return text
        .split(`--${boundary}`)
        .slice(1)
        .filter((p) => !p.startsWith("--"))
        .map((part) => {
            const [head, ...body] = part.replace(/^\r?\n/, "").split(/\r?\n\r?\n/);
            const content = body.join("\n\n");
            return /Content-Transfer-Encoding:\s*base64/i.test(head) ? decode(Buffer.from(content, "base64")) : content;
        });
}

function cloudConfigTexts(text: string): string[] {
    let doc: any;
    try {
        doc = parseYaml(text);
    } catch {
        return [];
    }
    const commands = (list: unknown) =>
        (Array.isArray(list) ? list : []).map((c) => (Array.isArray(c) ? c.map((x) => JSON.stringify(String(x))).join(" ") : String(c)));
    const files = (doc?.write_files ?? []).map((f: any) => {
        const content = String(f?.content ?? "");
        const encoding = String(f?.encoding ?? "");
        if (/^(gz\+)?(b64|base64)$/.test(encoding)) return decode(Buffer.from(content, "base64"));
        return content;
    });
    return [...files, ...commands(doc?.runcmd), ...commands(doc?.bootcmd)];
}

/** Every text the user data gives cloud-init: each part of an archive, each file and command of a cloud-config. */
export function userDataTexts(raw: string): string[] {
    const parts = mimeParts(raw);
    if (parts) return parts.flatMap(userDataTexts);
    if (/^#cloud-config/.test(raw)) return [raw, ...cloudConfigTexts(raw)];
    return [raw];
}
