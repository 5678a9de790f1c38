// Reads OpenPGP public keys for `sys/init`'s recovery_pgp_keys, which takes each key base64-encoded (binary form).
import * as fs from "fs";

export function readPgpKeys(files: string[]): string[] {
    return files.map((file) => {
        const raw = fs.readFileSync(file);
        const text = raw.toString("utf8");
        if (!text.includes("-----BEGIN PGP PUBLIC KEY BLOCK-----")) return raw.toString("base64");
        // Armored: the base64 body lies between the header block and the `=` checksum line.
        const body = text.split(/\r?\n\r?\n/, 2)[1] ?? "";
        const lines = body.split(/\r?\n/).filter((l) => l && !l.startsWith("=") && !l.startsWith("-----"));
        if (lines.length === 0) throw new Error(`${file} holds no key material`);
        return lines.join("");
    });
}
