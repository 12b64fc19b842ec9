import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildOnce, sourceFingerprint, staleBuildReason, writeBuildFingerprint } from "./build-fingerprint.mjs";

let root: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
/** What `next build` leaves, then what the build script records. */
const built = () => {
  write(".next/BUILD_ID", "id");
  writeBuildFingerprint(root);
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-fingerprint-"));
  write("app/page.tsx", "export default function Page() {}");
  write("lib/pprof/decode.ts", "export const x = 1;");
  write("lib/pprof/decode.test.ts", "test");
  write("lib/pprof/testdata/a.pb.gz", "bytes");
  write("package-lock.json", "{}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the build's source fingerprint", () => {
  it("changes with a source file, not with tests, test data or files outside the sources", () => {
    const before = sourceFingerprint(root);
    write("lib/pprof/decode.test.ts", "another test");
    write("lib/pprof/testdata/a.pb.gz", "other bytes");
    write("e2e/x.spec.ts", "e2e");
    write("data/fleetscope.db", "db");
    expect(sourceFingerprint(root)).toBe(before);
    write("lib/pprof/decode.ts", "export const x = 2;");
    expect(sourceFingerprint(root)).not.toBe(before);
    write("lib/pprof/decode.ts", "export const x = 1;");
    write("components/new.tsx", "export {}");
    expect(sourceFingerprint(root)).not.toBe(before);
  });

  it("tells npm start to build when there is no build, an unmarked one, or sources changed since", () => {
    expect(staleBuildReason(root)).toBe("no production build yet");
    write(".next/BUILD_ID", "id");
    expect(staleBuildReason(root)).toBe("the build does not say what it was made from");
    built();
    expect(staleBuildReason(root)).toBeUndefined();
    write("app/page.tsx", "export default function Page() { return null; }");
    expect(staleBuildReason(root)).toBe("the sources changed since the last build");
  });

  it("builds once, and records what it built from", async () => {
    const reasons: string[] = [];
    await buildOnce(root, (reason: string) => {
      reasons.push(reason);
      write(".next/BUILD_ID", "id");
    });
    expect(reasons).toEqual(["no production build yet"]);
    expect(staleBuildReason(root)).toBeUndefined();
    await buildOnce(root, () => reasons.push("again"));
    expect(reasons).toHaveLength(1);
  });

  it("waits for a build another process holds the lock for, then does not build again", async () => {
    fs.mkdirSync(path.join(root, ".next-build.lock"));
    let builds = 0;
    const waiting = buildOnce(root, () => (builds += 1), 10);
    // The other process finishes its build and lets go of the lock.
    await new Promise((resolve) => setTimeout(resolve, 50));
    built();
    fs.rmSync(path.join(root, ".next-build.lock"), { recursive: true });
    await waiting;
    expect(builds).toBe(0);
  });

  it("lets go of the lock when the build fails", async () => {
    await expect(buildOnce(root, () => {
      throw new Error("the build failed (exit 1)");
    })).rejects.toThrow("the build failed");
    expect(fs.existsSync(path.join(root, ".next-build.lock"))).toBe(false);
  });
});
