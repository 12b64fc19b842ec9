/**
 * Benchmark (opt-in: FLEETSCOPE_BENCH=1 npx vitest run lib/pprof/merge-bench): three synthetic
 * profiles of 500k samples / 50k stacks / 5k functions each, merged by `go tool pprof -proto`
 * and by our code, each in its own process under /usr/bin/time (wall time, peak RSS).
 * Our side is bundled with rolldown (already installed with vite) so plain node can run it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { writeSyntheticFiles } from "./synthetic-bench";

const BENCH = process.env.FLEETSCOPE_BENCH === "1";
const here = path.dirname(fileURLToPath(import.meta.url));

interface Run {
  wallS: number;
  maxRssMb: number;
}

function timed(cmd: string[], stdoutFile?: string): Run {
  const fmtFile = path.join(tmpdir(), `fleetscope-time-${process.pid}.txt`);
  const res = spawnSync("/usr/bin/time", ["-o", fmtFile, "-f", "%e %M", "sh", "-c", `"$@" ${stdoutFile ? `> '${stdoutFile}'` : ""}`, "sh", ...cmd], {
    stdio: ["ignore", "inherit", "pipe"],
  });
  if (res.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${res.stderr}`);
  const [wall, rss] = spawnSync("cat", [fmtFile]).stdout.toString().trim().split(/\s+/).map(Number);
  return { wallS: wall, maxRssMb: Math.round(rss / 1024) };
}

describe.skipIf(!BENCH || !existsSync("/usr/bin/time"))("merge benchmark vs go tool pprof -proto", () => {
  it("merges 3 x 500k samples faster and in less memory than pprof", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fleetscope-bench-"));
    try {
      const files = writeSyntheticFiles(dir, 3);
      const entry = path.join(dir, "entry.ts");
      writeFileSync(
        entry,
        `import { mergeFiles, mergeFilesBytes } from ${JSON.stringify(path.join(here, "synthetic-bench.ts"))};
const [mode, out, ...files] = process.argv.slice(2);
if (mode === "bytes") mergeFilesBytes(files, out);
else mergeFiles(files, out);
`,
      );
      const { build } = await import("rolldown");
      const bundle = path.join(dir, "bench.mjs");
      await build({ input: entry, platform: "node", write: true, output: { file: bundle, format: "esm" } });

      const rows: Record<string, Run[]> = { go: [], bytes: [], objects: [] };
      for (let round = 0; round < 2; round++) {
        rows.go.push(timed(["go", "tool", "pprof", "-proto", "-symbolize=none", ...files], path.join(dir, "go.pb.gz")));
        rows.bytes.push(timed(["node", bundle, "bytes", path.join(dir, "bytes.pb.gz"), ...files]));
      }
      rows.objects.push(timed(["node", bundle, "objects", path.join(dir, "objects.pb.gz"), ...files]));
      const best = (rs: Run[]) => ({ wallS: Math.min(...rs.map((r) => r.wallS)), maxRssMb: Math.min(...rs.map((r) => r.maxRssMb)) });
      const go = best(rows.go);
      const bytes = best(rows.bytes);
      const objects = best(rows.objects);
      console.info(
        [
          "merge of 3 synthetic profiles (500k samples, 50k stacks, 5k functions each):",
          `  go tool pprof -proto:                          ${go.wallS}s, ${go.maxRssMb} MB`,
          `  mergeProfileBytes:                             ${bytes.wallS}s, ${bytes.maxRssMb} MB (${(bytes.wallS / go.wallS).toFixed(2)}x)`,
          `  pprof-format decode + mergeProfiles + encode:  ${objects.wallS}s, ${objects.maxRssMb} MB (${(objects.wallS / go.wallS).toFixed(2)}x)`,
        ].join("\n"),
      );
      expect(bytes.wallS).toBeLessThanOrEqual(0.5 * go.wallS);
      expect(bytes.maxRssMb).toBeLessThan(go.maxRssMb);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
