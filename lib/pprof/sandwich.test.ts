import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FlameNode } from "./flame-tree";
import { readProfileTable, indexOfTable } from "./profile-table";
import { profilePayload } from "./decode";
import { peekOfIndex } from "./peek";
import { sandwichOfIndex } from "./sandwich";
import { TESTDATA_DIR } from "./testdata/fixtures";
import { topTableOfIndex } from "./top";

const index = (file: string) => indexOfTable(readProfileTable(profilePayload(new Uint8Array(readFileSync(path.join(TESTDATA_DIR, file)))).payload));

const child = (n: FlameNode, name: string) => n.children.find((c) => c.name === name);

describe("sandwichOfIndex", () => {
  const ix = index("go126-users.pb.gz");
  const top = topTableOfIndex(ix, 1);
  it("gives every function's cum as the value of both trees, and its callers and callees as peek does", () => {
    for (const row of top.rows.filter((r) => r.cum > 0).slice(0, 40)) {
      const s = sandwichOfIndex(ix, 1, row.name, 0)!;
      expect(s.cum).toBe(row.cum);
      expect(s.total).toBe(top.total);
      const callees = child(s.callees.tree, row.name)!;
      const callers = child(s.callers.tree, row.name)!;
      expect(callees.value).toBe(row.cum);
      expect(callers.value).toBe(row.cum);
      const peek = peekOfIndex(ix, 1, row.name)!;
      // Direct callers: the first level of the inverted tree (recursion: the outermost frame's caller).
      const callerNames = new Set(callers.children.map((c) => c.name));
      for (const name of callerNames) expect(peek.callers.map((c) => c.name)).toContain(name);
      for (const c of callees.children) if (c.name !== row.name) expect(peek.callees.map((e) => e.name)).toContain(c.name);
    }
  });
  it("is undefined for a name no frame has", () => {
    expect(sandwichOfIndex(ix, 1, "no.such.function", 0)).toBeUndefined();
  });
  it("counts a recursive function once per stack (go19-cpu's fib)", () => {
    const go19 = index("go19-cpu.pb.gz");
    const fib = topTableOfIndex(go19, 1).rows.find((r) => r.name === "main.fib")!;
    const s = sandwichOfIndex(go19, 1, "main.fib", 0)!;
    expect(child(s.callees.tree, "main.fib")!.value).toBe(fib.cum);
    expect(child(s.callers.tree, "main.fib")!.children.map((c) => c.name)).not.toContain("main.fib");
  });
});
