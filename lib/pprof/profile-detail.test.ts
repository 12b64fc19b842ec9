import { type Profile } from "pprof-format";
import { describe, expect, it } from "vitest";
import { syntheticProfile } from "../../testing/pprof/synthetic";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { toNumber } from "./numbers";
import { toInt64Number } from "../../testing/pprof/decoded-index";
import type { ProfileTable } from "./profile-table";
import { readProfileNow } from "./summary";
import { FIXTURES, readFixture, type FixtureName } from "./testdata/fixtures";

/** Each sample's locations (ids, leaf first) and labels as one key, with the values summed: pprof-format's reading. */
function referenceGroups(p: Profile): Map<string, number[]> {
  const str = (i: unknown) => p.stringTable.strings[toNumber(i as number)] ?? "";
  const groups = new Map<string, number[]>();
  for (const s of p.sample) {
    const labels = s.label.map((l) => (toNumber(l.str) !== 0 ? `${str(l.key)}=${str(l.str)}` : `${str(l.key)}#${toInt64Number(l.num)}${str(l.numUnit)}`));
    const key = `${s.locationId.map((id) => toNumber(id)).join(",")}|${labels.join(";")}`;
    const values = s.value.map((v) => toInt64Number(v));
    const sum = groups.get(key);
    groups.set(key, sum ? sum.map((x, t) => x + values[t]) : values);
  }
  return groups;
}

/** The same from the table's sample groups (location ids from the profile, as the table keeps dense indexes). */
function tableGroups(table: ProfileTable, locationIds: number[]): Map<string, number[]> {
  const { groups, labelSets } = table.detail;
  const n = table.header.sampleTypes.length;
  const out = new Map<string, number[]>();
  for (let g = 0; g < groups.count; g++) {
    const st = groups.stack[g];
    const locs = Array.from(table.stacks.stackLocs.subarray(table.stacks.stackStart[st], table.stacks.stackStart[st + 1]), (i) => locationIds[i]);
    const set = labelSets[groups.labelSet[g]];
    const labels = [...set.str.map(([k, v]) => `${k}=${v}`), ...set.num.map(([k, v, u]) => `${k}#${v}${u}`)];
    const key = `${locs.join(",")}|${labels.join(";")}`;
    const values = Array.from(groups.values.subarray(g * n, g * n + n));
    const sum = out.get(key);
    out.set(key, sum ? sum.map((x, t) => x + values[t]) : values);
  }
  for (const [key, values] of out) if (values.every((v) => v === 0) && key.endsWith("|")) out.delete(key);
  return out;
}

/** A synthetic profile whose stacks have labelled and unlabelled samples (every third sample loses its label). */
function mixedLabels(): Uint8Array {
  const p = syntheticProfile({ seed: 3, samples: 4_000, stacks: 300, functions: 200 });
  p.sample.forEach((s, i) => {
    if (i % 3 === 0) s.label = [];
  });
  return p.encode();
}

const sorted = (m: Map<string, number[]>) => [...m].filter(([, v]) => v.some((x) => x !== 0)).sort(([a], [b]) => (a < b ? -1 : 1));

describe("the profile table's detail (what filters, the graph and the labels read)", () => {
  const cases: [string, () => Uint8Array][] = [
    ...(Object.keys(FIXTURES) as FixtureName[]).map((name): [string, () => Uint8Array] => [name, () => readFixture(name)]),
    ["synthetic, a stack's samples with and without labels", () => mixedLabels()],
  ];
  for (const [name, bytes] of cases) {
    it(`${name}: groups the samples by stack and label set with pprof-format's sums, and keeps their lines`, () => {
      const raw = bytes();
      const p = decodeProfile(raw);
      const { table } = readProfileNow(raw);
      const locationIds = p.location.map((l) => toNumber(l.id));
      expect(sorted(tableGroups(table, locationIds))).toEqual(sorted(referenceGroups(p)));
      const d = table.detail;
      const str = (i: unknown) => p.stringTable.strings[toNumber(i as number)] ?? "";
      expect(d.functionName).toEqual(p.function.map((f) => str(f.name) || str(f.systemName)));
      expect(d.functionFile).toEqual(p.function.map((f) => str(f.filename)));
      expect(Array.from(d.functionStartLine)).toEqual(p.function.map((f) => toNumber(f.startLine)));
      const fnIndex = new Map(p.function.map((f, i) => [toNumber(f.id), i]));
      p.location.forEach((loc, i) => {
        const lines = Array.from({ length: d.lineStart[i + 1] - d.lineStart[i] }, (_, k) => [d.lineFunction[d.lineStart[i] + k], d.lineNumber[d.lineStart[i] + k]]);
        expect(lines).toEqual(loc.line.map((ln) => [fnIndex.get(toNumber(ln.functionId)) ?? -1, toNumber(ln.line)]));
        expect(d.locationMapping[i] >= 0 ? d.mappingFile[d.locationMapping[i]] : undefined).toEqual(
          toNumber(loc.mappingId) === 0 ? undefined : str(p.mapping.find((m) => toNumber(m.id) === toNumber(loc.mappingId))!.filename),
        );
      });
    });
  }
});
