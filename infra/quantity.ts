// Kubernetes resource quantities ("20Gi", "100G", "1.5Ti", "21474836480", "5e9"), read exactly as the API server
// reads them: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
//   <quantity> ::= <signedNumber><suffix>; <suffix> ::= <binarySI> | <decimalExponent> | <decimalSI>
//   <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei; <decimalSI> ::= m | "" | k | M | G | T | P | E;
//   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
// Pure, no Pulumi. Exact (BigInt), so 16Ti is 16 TiB to the byte.

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|m|k|M|G|T|P|E|)$/;

export const GIB = 1n << 30n;
export const TIB = 1n << 40n;

/** A quantity as an exact fraction numerator/denominator (denominator > 0); undefined when it is not one. */
export function parseQuantity(text: string): { numerator: bigint; denominator: bigint } | undefined {
    const m = QUANTITY.exec(text);
    if (!m) return undefined;
    const [, sign, number, suffix] = m;
    const [whole, fraction = ""] = number.split(".");
    let numerator = BigInt(`${whole || "0"}${fraction}`) * (sign === "-" ? -1n : 1n);
    let denominator = 10n ** BigInt(fraction.length);
    if (suffix in BINARY) numerator *= BINARY[suffix];
    else {
        const exponent = /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL[suffix];
        if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 100) return undefined;
        if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
        else denominator *= 10n ** BigInt(-exponent);
    }
    return { numerator, denominator };
}

/** The whole bytes a storage request stands for (a fraction rounds up, as Kubernetes rounds a quantity's value). */
export function quantityBytes(text: string): bigint | undefined {
    const q = parseQuantity(text);
    if (!q) return undefined;
    const { numerator: n, denominator: d } = q;
    return n >= 0n ? (n + d - 1n) / d : -(-n / d);
}

/** The size in whole GiB an EBS volume for this request gets (EBS sizes are whole GiB; the CSI driver rounds up). */
export function volumeGib(text: string): number | undefined {
    const bytes = quantityBytes(text);
    if (bytes === undefined || bytes <= 0n) return undefined;
    return Number((bytes + GIB - 1n) / GIB);
}
