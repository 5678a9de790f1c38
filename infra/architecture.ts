// The CPU architecture of an EC2 instance type, for picking AMIs and binaries.

/** Graviton families carry a `g` after the generation digit (t4g, m7g, c7gn, r8gd); GPU `g5` does not. */
export function architectureOf(instanceType: string): "arm64" | "amd64" {
    return /^[a-z]+\d+[a-z]*g[a-z]*\./.test(instanceType) ? "arm64" : "amd64";
}
