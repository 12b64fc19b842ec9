/**
 * JSON text of a value nested deeper than JSON.stringify can go (it recurses, and a flame tree of a
 * stack 2,000 frames deep overflows the call stack): the same text as JSON.stringify for plain
 * objects, arrays, strings, numbers, booleans and null, written with an explicit stack.
 * JSON.stringify is tried first (the usual, shallow case costs nothing more); when it overflows, the
 * value is written with an explicit stack, handing subtrees at most SHALLOW levels deep to
 * JSON.stringify whole, which keeps it fast.
 */
const SHALLOW = 256;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

const children = (v: object): unknown[] => (Array.isArray(v) ? v : Object.values(v));

/** The height of every array and object in `value` (1: nothing nested in it), without recursion. */
function heights(value: unknown): Map<object, number> {
  const height = new Map<object, number>();
  if (value === null || typeof value !== "object") return height;
  // Post-order: a node is finished when it comes off the stack the second time.
  const work: [object, boolean][] = [[value, false]];
  while (work.length > 0) {
    const [v, expanded] = work.pop()!;
    if (expanded) {
      let h = 1;
      for (const c of children(v)) if (c !== null && typeof c === "object") h = Math.max(h, (height.get(c) ?? 0) + 1);
      height.set(v, h);
      continue;
    }
    work.push([v, true]);
    for (const c of children(v)) if (c !== null && typeof c === "object" && !height.has(c)) work.push([c, false]);
  }
  return height;
}

/** A JSON.stringify that does not recurse in proportion to the nesting depth. */
export function deepJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    // Too deep for JSON.stringify's recursion ("Maximum call stack size exceeded").
    if (!(err instanceof RangeError)) throw err;
  }
  const height = heights(value);
  const shallow = (v: object) => (height.get(v) ?? 0) <= SHALLOW;
  if (value === null || typeof value !== "object" || shallow(value)) return JSON.stringify(value);
  const out: string[] = [];
  // Work items: a value to write, or literal text (closing brackets, commas, keys).
  const work: ({ text: string } | { value: Json })[] = [{ value: value as Json }];
  while (work.length > 0) {
    const item = work.pop()!;
    if ("text" in item) {
      out.push(item.text);
      continue;
    }
    const v = item.value;
    if (v === null || typeof v !== "object" || shallow(v)) {
      out.push(JSON.stringify(v) ?? "null");
      continue;
    }
    const isArray = Array.isArray(v);
    const entries: [string | null, Json][] = isArray
      ? v.map((x) => [null, x === undefined ? null : x])
      : Object.entries(v).filter((e): e is [string, Json] => e[1] !== undefined);
    // Pushed in reverse: the first entry comes off the stack first.
    work.push({ text: isArray ? "]" : "}" });
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      work.push({ value: child });
      work.push({ text: `${i > 0 ? "," : ""}${key === null ? "" : `${JSON.stringify(key)}:`}` });
    }
    work.push({ text: isArray ? "[" : "{" });
  }
  return out.join("");
}
