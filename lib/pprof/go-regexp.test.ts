import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { requireGo } from "../../testing/go-toolchain";
import { compileGoRegexp } from "./go-regexp";

const run = promisify(execFile);

/** Go's regexp, asked for the first match of each pattern in its input ([start, end] or null). */
const GO_PROGRAM = `package main

import (
	"encoding/json"
	"os"
	"regexp"
)

func main() {
	var cases [][2]string
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([][]int, len(cases))
	for i, c := range cases {
		out[i] = regexp.MustCompile(c[0]).FindStringIndex(c[1])
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
`;

// ASCII inputs: JavaScript's indexes (UTF-16) and Go's (bytes) are then the same.
const CASES: [string, string][] = [
  ["json\\z", "encoding/json"],
  ["json\\z", "encoding/json\n"],
  ["(?m)json\\z", "encoding/json\nruntime"],
  ["(?m)json$", "encoding/json\nruntime"],
  ["\\Aruntime", "runtime.mallocgc"],
  ["\\Aruntime", "x\nruntime.mallocgc"],
  ["(?m)\\Aruntime", "x\nruntime.mallocgc"],
  ["(?m)^runtime", "x\nruntime.mallocgc"],
  ["(?U)a+", "caaat"],
  ["(?U)a+?", "caaat"],
  ["(?U)a*b", "xaaab"],
  ["(?U)a{2,3}", "aaaa"],
  ["(?U)a{2,3}?", "aaaa"],
  ["(?U)(?:ab)+", "ababab"],
  ["(?U)x[a+]+", "xa+a"],
  ["(?iU)A.+c", "xabcbc"],
  ["a+", "caaat"],
  ["[\\\\z]", "a\\z"],
  ["\\\\z", "a\\z"],
];

describe("Go's regular expressions in JavaScript, against Go's regexp", () => {
  let want: (number[] | null)[];
  beforeAll(async () => {
    await requireGo();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "go-regexp-"));
    fs.writeFileSync(path.join(dir, "main.go"), GO_PROGRAM);
    const child = run("go", ["run", "main.go"], { cwd: dir, env: { ...process.env, GO111MODULE: "off" } });
    child.child.stdin!.end(JSON.stringify(CASES));
    want = JSON.parse((await child).stdout);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  for (const [i, [pattern, input]] of CASES.entries()) {
    it(`${pattern} on ${JSON.stringify(input)} matches what Go matches`, () => {
      const found = compileGoRegexp("focus", pattern).exec(input);
      expect(found ? [found.index, found.index + found[0].length] : null).toEqual(want[i]);
    });
  }

  it("says which option holds an expression neither syntax takes", () => {
    expect(() => compileGoRegexp("hide", "(?U)a(")).toThrow(/^hide: "\(\?U\)a\(" is not a valid regular expression/);
  });
});
