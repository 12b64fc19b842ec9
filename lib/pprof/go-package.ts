/**
 * The Go package path of a pprof function name, as pprof's own coloring groups
 * frames: "github.com/acme/x/y.(*T).Method" -> "github.com/acme/x/y",
 * "runtime.mallocgc" -> "runtime", "main.main.func1" -> "main". Names that are
 * no Go symbol (addresses, "<unknown>") have no package: "".
 */
export function goPackage(name: string): string {
  // Type parameters may contain dots and slashes: "pkg.Map[go.shape.string]".
  const bracket = name.indexOf("[");
  const head = bracket >= 0 ? name.slice(0, bracket) : name;
  const slash = head.lastIndexOf("/");
  const dot = head.indexOf(".", slash + 1);
  if (dot <= 0 || head.startsWith("<") || /^0x[0-9a-f]+$/i.test(head)) return "";
  return head.slice(0, dot);
}
