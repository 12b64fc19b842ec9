/**
 * A Go 1.20+-shaped CPU profile with one stack `depth` frames deep (recursion through deep.f0 ..
 * deep.f49 under main.main) and one shallow stack (main.shallow): issue 14's flame graphs of
 * stacks over 2,000 frames deep. Gzipped.
 */
import { Function as PFunction, Line, Location, Sample, StringTable } from "pprof-format";
import { cpuProfileGzip } from "./cpu-profile";

export function deepStackProfile(depth: number, seed = 1): Uint8Array {
  const strings = new StringTable();
  const fn = (id: number, name: string) =>
    new PFunction({ id, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup("deep.go"), startLine: 1 });
  const functions = [fn(1, "main.main"), fn(2, "main.shallow")];
  for (let k = 0; k < 50; k++) functions.push(fn(3 + k, `deep.f${k}`));
  const locations = functions.map((f, i) => new Location({ id: i + 1, address: 0x1000 + i, line: [new Line({ functionId: f.id, line: 10 + i })] }));
  // Leaf first: deep.f((depth - 2) mod 50) ... deep.f0, then main.main outermost.
  const deep: number[] = [];
  for (let d = depth - 2; d >= 0; d--) deep.push(3 + (d % 50));
  deep.push(1);
  return cpuProfileGzip({
    strings,
    functions,
    locations,
    timeNanos: 1_700_000_000_000_000_000 + seed,
    samples: [new Sample({ locationId: deep, value: [7 + seed, (7 + seed) * 10_000_000] }), new Sample({ locationId: [2, 1], value: [3, 30_000_000] })],
  });
}
