/**
 * A CPU profile whose flame graph has `leaves` + 521 frames with nothing folded: root → main.main →
 * svc.handler<h> (20) → svc.step<s> (500) → svc.leaf<i> (one per stack), stack i worth (i mod 7) + 1
 * samples: a tree above the viewer's canvas threshold (components/flame-graph.tsx CANVAS_FRAMES). Gzipped.
 */
import { Function as PFunction, Line, Location, Sample, StringTable } from "pprof-format";
import { cpuProfileGzip } from "./cpu-profile";

export function wideTreeProfile(leaves: number): Uint8Array {
  const strings = new StringTable();
  const functions: PFunction[] = [];
  const locations: Location[] = [];
  const site = (name: string): number => {
    const id = functions.length + 1;
    functions.push(new PFunction({ id, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup("svc.go"), startLine: 1 }));
    locations.push(new Location({ id, address: 0x1000 + id, line: [new Line({ functionId: id, line: 10 })] }));
    return id;
  };
  const main = site("main.main");
  const handlers = Array.from({ length: 20 }, (_, h) => site(`svc.handler${h}`));
  const steps = Array.from({ length: 500 }, (_, s) => site(`svc.step${s}`));
  const samples: Sample[] = [];
  for (let i = 0; i < leaves; i++) {
    const s = i % 500;
    const n = (i % 7) + 1;
    samples.push(new Sample({ locationId: [site(`svc.leaf${i}`), steps[s], handlers[s % 20], main], value: [n, n * 10_000_000] }));
  }
  return cpuProfileGzip({ strings, functions, locations, samples });
}
