import { describe, expect, it } from "vitest";
import { goPackage } from "./go-package";

describe("goPackage", () => {
  it.each([
    ["runtime.mallocgc", "runtime"],
    ["main.fib", "main"],
    ["main.main.func1", "main"],
    ["crypto/sha256.block", "crypto/sha256"],
    ["github.com/acme/fleet/internal/pkg52.(*T10).Method4547", "github.com/acme/fleet/internal/pkg52"],
    ["net/http.(*conn).serve", "net/http"],
    // Go escapes dots in the last element of a package path: gopkg.in/yaml.v3 -> yaml%2ev3
    ["gopkg.in/yaml%2ev3.(*parser).parse", "gopkg.in/yaml%2ev3"],
    ["slices.SortFunc[go.shape.[]uint8,go.shape.func(a/b.T)]", "slices"],
    ["0x4a3b2c", ""],
    ["<unknown>", ""],
    ["root", ""],
  ])("reads the package of %s", (name, pkg) => {
    expect(goPackage(name)).toBe(pkg);
  });
});
