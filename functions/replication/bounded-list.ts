// Joins lines up to a byte budget (UTF-8, as SNS and Lambda count), saying how many were left out.

/** `head`, then as many `lines` as fit in `maxBytes` in all, then "… and N more" when some did not fit. */
export function boundedList(head: string, lines: readonly string[], maxBytes: number, separator = "\n"): string {
    const more = (n: number) => `${separator}… and ${n} more (see the function's logs)`;
    // Room kept for the longest "… and N more" line, so the result never passes the budget.
    const reserve = Buffer.byteLength(more(lines.length), "utf8");
    let text = head;
    let used = Buffer.byteLength(head, "utf8");
    for (let i = 0; i < lines.length; i++) {
        const add = (i === 0 ? "" : separator) + lines[i];
        const bytes = Buffer.byteLength(add, "utf8");
        if (used + bytes + (i < lines.length - 1 ? reserve : 0) > maxBytes) return text + more(lines.length - i);
        text += add;
        used += bytes;
    }
    return text;
}
