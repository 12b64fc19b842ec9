import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkGo, compilerHotEdges, parsePreprofile } from "./go-toolchain";

describe("the Go toolchain the PGO tests need", () => {
  it("is found on the PATH, Go 1.21 or newer", async () => {
    expect(await checkGo(process.env)).toMatch(/^go version go1\.(2[1-9]|[3-9]\d)/);
  });

  it("missing: one line that says what to install", async () => {
    const err = await checkGo({ PATH: "/nonexistent" }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("Go 1.21 or newer");
    expect((err as Error).message).toContain("/usr/local/go");
    expect((err as Error).message.split("\n")).toHaveLength(1);
  });

  it("too old: says which version it found", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-go-"));
    fs.writeFileSync(path.join(dir, "go"), "#!/bin/sh\necho 'go version go1.19.8 linux/amd64'\n", { mode: 0o755 });
    await expect(checkGo({ PATH: dir })).rejects.toThrow(/found go version go1\.19\.8/);
  });

  it("reads go tool preprofile's format and applies the compiler's CDF rule to its order", () => {
    const edges = parsePreprofile("GO PREPROFILE V1\na\nb\n3 90\na\nc\n4 9\nb\nc\n1 1\n");
    expect(edges).toEqual([
      { caller: "a", callee: "b", offset: 3, weight: 90 },
      { caller: "a", callee: "c", offset: 4, weight: 9 },
      { caller: "b", callee: "c", offset: 1, weight: 1 },
    ]);
    // 90 + 9 = 99% is not over 99%: the third edge crosses it and is hot too.
    expect(compilerHotEdges(edges)).toEqual({ edges, thresholdPercent: 1 });
    expect(compilerHotEdges(edges, 80).edges).toHaveLength(1);
  });
});
