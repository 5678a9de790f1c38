// strongroom:tags go on every AWS resource the stack makes (the provider's default tags), IAM roles and KMS keys
// included, so they must pass the strictest of those services' tag rules:
// - IAM Tag: key 1-128 and value 0-256 characters of [\p{L}\p{Z}\p{N}_.:/=+\-@]
//   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html; KMS's TagResource is the same);
// - "Do not use aws:, AWS:, or any upper or lowercase combination of such as a prefix ... it is reserved for AWS use",
//   and at most 50 tags per resource (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
// The 50 include the tags the stack puts on a resource itself; STACK_OWN_TAGS is that count, and a test counts it
// from the planned resources of every shipped stack (test/aws-rules/tags.test.ts).
import type { ConfigIssue } from "./config-error";

export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_CHARS = 128;
export const MAX_TAG_VALUE_CHARS = 256;
/** The most tags the stack itself puts on one resource: its default tag (strongroom:stack) and a resource's own (Name, …). */
export const STACK_OWN_TAGS = 3;
/** Keys the stack reads back (the policy pack finds the replication role by them): the user's tags must not set them. */
export const STACK_TAG_PREFIX = "strongroom:";

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const KEY = "strongroom:tags";

/** Length as AWS counts it: Unicode characters, not UTF-16 code units. */
export function tagLength(text: string): number {
    return [...text].length;
}

export function tagIssues(tags: Record<string, string> | undefined): ConfigIssue[] {
    if (!tags) return [];
    const issues: ConfigIssue[] = [];
    const add = (message: string) => issues.push({ key: KEY, message });
    for (const [key, value] of Object.entries(tags)) {
        const shown = JSON.stringify(tagLength(key) > 40 ? `${[...key].slice(0, 40).join("")}…` : key);
        if (key.length === 0) add("has an empty key; every tag needs a key");
        if (tagLength(key) > MAX_TAG_KEY_CHARS) add(`key ${shown} is ${tagLength(key)} characters long; AWS allows ${MAX_TAG_KEY_CHARS}`);
        if (tagLength(value) > MAX_TAG_VALUE_CHARS) add(`the value of ${shown} is ${tagLength(value)} characters long; AWS allows ${MAX_TAG_VALUE_CHARS}`);
        if (!TAG_TEXT.test(key)) add(`key ${shown} has ${others(key)}; IAM and KMS allow only letters, digits, spaces and _ . : / = + - @ in tags`);
        if (!TAG_TEXT.test(value))
            add(`the value of ${shown} has ${others(value)}; IAM and KMS allow only letters, digits, spaces and _ . : / = + - @ in tags`);
        if (/^aws:/i.test(key)) add(`key ${shown} starts with ${key.slice(0, 4)}, a prefix AWS reserves for its own tags (in any case); rename it`);
        if (key.toLowerCase().startsWith(STACK_TAG_PREFIX))
            add(`key ${shown} is in the stack's own ${STACK_TAG_PREFIX} namespace, whose tags it sets and reads; rename it`);
    }
    const room = MAX_TAGS_PER_RESOURCE - STACK_OWN_TAGS;
    const count = Object.keys(tags).length;
    if (count > room) {
        add(
            `has ${count} tags; a resource holds at most ${MAX_TAGS_PER_RESOURCE}, and the stack puts up to ${STACK_OWN_TAGS} of its own on one, so at most ${room} fit. Remove ${count - room}`,
        );
    }
    return issues;
}

function others(text: string): string {
    const bad = [...new Set([...text].filter((ch) => !TAG_TEXT.test(ch)))];
    return bad.length === 1 ? `the character ${JSON.stringify(bad[0])}` : `the characters ${bad.map((ch) => JSON.stringify(ch)).join(" ")}`;
}
