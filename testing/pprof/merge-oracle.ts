/**
 * A plain merge to test the real one against: profiles decoded by pprof-format, each sample
 * resolved to what it means (its locations' mapping file, relative address, folding and lines by
 * name, file and numbers; its labels by string, in pprof's canonical order), weighted with Go's
 * rounding, all-zero samples dropped, equal samples summed in order of first appearance, sums of
 * zero dropped (pprof's compaction). Sample types must be the same in every input.
 */
import type { Profile } from "pprof-format";

type Resolved = { key: string; values: number[] };

const num = (v: number | bigint) => Number(BigInt.asIntN(64, BigInt(v)));

function resolver(p: Profile, dropLabels: boolean): (s: Profile["sample"][number]) => string {
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)] ?? "";
  const fns = new Map(p.function.map((f) => [Number(f.id), [str(f.name), str(f.systemName), str(f.filename), num(f.startLine)].join("|")]));
  const maps = new Map(p.mapping.map((m) => [Number(m.id), m]));
  const locs = new Map(
    p.location.map((l) => {
      const m = maps.get(Number(l.mappingId));
      const where = m ? `${str(m.buildId) || str(m.filename)}+${BigInt.asUintN(64, BigInt(l.address) - BigInt(m.memoryStart))}` : `-${BigInt(l.address)}`;
      const lines = l.line.map((ln) => `${fns.get(Number(ln.functionId)) ?? ""}:${num(ln.line)}:${num(ln.column)}`);
      return [Number(l.id), `${where}${l.isFolded ? "f" : ""}[${lines.join(";")}]`];
    }),
  );
  return (s) => {
    const stack = s.locationId.map((id) => locs.get(Number(id))).join(" ");
    if (dropLabels) return stack;
    const strs = s.label.filter((l) => Number(l.str) !== 0).map((l) => `s${str(l.key)}=${str(l.str)}`);
    const nums = s.label.filter((l) => Number(l.str) === 0 && (Number(l.num) !== 0 || Number(l.numUnit) !== 0)).map((l) => `n${str(l.key)}=${num(l.num)}${str(l.numUnit)}`);
    const byKey = (a: string, b: string) => (a.split("=")[0] < b.split("=")[0] ? -1 : a.split("=")[0] > b.split("=")[0] ? 1 : 0);
    return `${stack} {${[...strs.sort(byKey), ...nums.sort(byKey)].join(",")}}`;
  };
}

/** Go's math.Round: half away from zero. */
const goRound = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** The merge's samples, resolved, in order. */
export function oracleMerge(inputs: { profile: Profile; weight?: number }[], dropLabels = false): Resolved[] {
  const sums = new Map<string, number[]>();
  for (const { profile, weight = 1 } of inputs) {
    const resolve = resolver(profile, dropLabels);
    for (const s of profile.sample) {
      const values = s.value.map((v) => (weight === 1 ? num(v) : goRound(num(v) * weight)));
      if (values.every((v) => v === 0)) continue;
      const key = resolve(s);
      const acc = sums.get(key);
      if (acc) values.forEach((v, k) => (acc[k] += v));
      else sums.set(key, values);
    }
  }
  return [...sums].filter(([, v]) => v.some((x) => x !== 0)).map(([key, values]) => ({ key, values }));
}

/** A merged profile's samples, resolved the same way. */
export function resolvedSamples(p: Profile, dropLabels = false): Resolved[] {
  const resolve = resolver(p, dropLabels);
  return p.sample.map((s) => ({ key: resolve(s), values: s.value.map(num) }));
}
