// Packaging facts of Amazon Linux 2023, the AMI the Vault nodes boot, as AWS documents them. The boot script runs
// under `set -e`: one refused install stops it before Vault exists, while the instance still looks healthy to EC2.
// https://docs.aws.amazon.com/linux/al2023/ug/minimized-pkg-dependencies.html (curl-minimal, gnupg2-minimal)
// https://docs.aws.amazon.com/linux/al2023/ug/deterministic-upgrades.html (dnf, the package manager)

/** Installed on the AMI in a minimal variant; installing the full package's plain name conflicts with it. */
export const MINIMAL_VARIANTS: Record<string, string> = {
    gnupg2: "gnupg2-minimal",
    curl: "curl-minimal",
    libcurl: "libcurl-minimal",
};

/** Package names in AL2023's repositories that Strongroom may install. A name outside this list fails the check. */
export const REPOSITORY_PACKAGES = new Set(["unzip", "openssl", "jq", "logrotate", "amazon-cloudwatch-agent", "gnupg2-full", "curl-full"]);

/** Which package provides each command the boot script runs; preinstalled ones are marked. */
export const COMMAND_PACKAGES: Record<string, { readonly pkg: string; readonly preinstalled: boolean }> = {
    curl: { pkg: "curl-minimal", preinstalled: true },
    gpg: { pkg: "gnupg2-minimal", preinstalled: true },
    sha256sum: { pkg: "coreutils", preinstalled: true },
    mktemp: { pkg: "coreutils", preinstalled: true },
    install: { pkg: "coreutils", preinstalled: true },
    useradd: { pkg: "shadow-utils", preinstalled: true },
    systemctl: { pkg: "systemd", preinstalled: true },
    dnf: { pkg: "dnf", preinstalled: true },
    grep: { pkg: "grep", preinstalled: true },
    unzip: { pkg: "unzip", preinstalled: false },
    openssl: { pkg: "openssl", preinstalled: false },
};

/** The packages of every `dnf install` / `yum install` line in a script. */
export function installedPackages(script: string): string[] {
    return [...script.matchAll(/^\s*(?:dnf|yum)\s+(?:-\S+\s+)*install\s+((?:-\S+\s+)*)(.+)$/gm)].flatMap((m) =>
        m[2].split(/\s+/).filter((w) => w && !w.startsWith("-")),
    );
}

/** What AL2023 would refuse or lack: conflicting or unknown packages, and commands nobody installs. */
export function packagingProblems(script: string): string[] {
    const installs = installedPackages(script);
    const problems: string[] = [];
    for (const pkg of installs) {
        if (MINIMAL_VARIANTS[pkg]) problems.push(`installs ${pkg}, which conflicts with the preinstalled ${MINIMAL_VARIANTS[pkg]}`);
        else if (!REPOSITORY_PACKAGES.has(pkg)) problems.push(`installs ${pkg}, which is not a known AL2023 package`);
    }
    for (const [command, { pkg, preinstalled }] of Object.entries(COMMAND_PACKAGES)) {
        const used = new RegExp(`(^|[\\s;|&(])${command}\\s`, "m").test(script);
        if (used && !preinstalled && !installs.includes(pkg)) problems.push(`runs ${command} but does not install ${pkg}`);
    }
    return problems;
}
