// The EC2 nodes' second audit device writes to syslog (journald listens at /dev/log there). A machine without a
// syslog daemon gets a stand-in for the rehearsal: a datagram socket at /dev/log whose messages go to a file; it is
// removed when the rehearsal stops. Needs root, like the eks-raft rehearsal's pod files.
import * as fs from "fs";
import * as path from "path";
import { closeOnStop, startChild, waitUntil } from "./children";

export const DEV_LOG = "/dev/log";

const SINK = `
import os, socket, sys
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
with open(out, "ab", buffering=0) as f:
    while True:
        f.write(s.recv(65536) + b"\\n")
`;

/** Returns the file syslog messages land in (undefined when the machine has its own syslog). */
export async function syslogSink(workDir: string): Promise<string | undefined> {
    if (fs.existsSync(DEV_LOG)) return undefined;
    const out = path.join(workDir, "syslog.log");
    startChild("python3", ["-c", SINK, DEV_LOG, out], path.join(workDir, "syslog-sink.log"));
    closeOnStop(() => fs.rmSync(DEV_LOG, { force: true }));
    await waitUntil("the syslog stand-in at /dev/log", async () => fs.existsSync(DEV_LOG), 10_000).catch((err) => {
        throw new Error(`rehearsal: the EC2 nodes' syslog audit device needs ${DEV_LOG}; run as root or with a syslog daemon (${(err as Error).message})`);
    });
    return out;
}
