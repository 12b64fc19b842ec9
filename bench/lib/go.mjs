// The `go` command the benchmarks compare against: the one on the PATH (Go 1.26 at /usr/local/go
// on these machines), never Debian's Go 1.19. Returns null when there is none of 1.21 or newer.
import { execFileSync } from "node:child_process";

export function findGo() {
  try {
    const version = execFileSync("go", ["version"], { encoding: "utf8" });
    const minor = Number(/go1\.(\d+)/.exec(version)?.[1] ?? 0);
    return minor >= 21 ? "go" : null;
  } catch {
    return null;
  }
}
