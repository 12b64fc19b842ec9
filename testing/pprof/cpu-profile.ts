/** The envelope of the small hand-built CPU profiles of the tests (samples/count and cpu/nanoseconds, 10 ms period), gzipped. */
import { gzipSync } from "node:zlib";
import { Profile, ValueType, type Function as PFunction, type Location, type Sample, type StringTable } from "pprof-format";

export function cpuProfileGzip(parts: { strings: StringTable; functions: PFunction[]; locations: Location[]; samples: Sample[]; timeNanos?: number }): Uint8Array {
  const { strings } = parts;
  const vt = (type: string, unit: string) => new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) });
  return gzipSync(
    new Profile({
      sampleType: [vt("samples", "count"), vt("cpu", "nanoseconds")],
      periodType: vt("cpu", "nanoseconds"),
      period: 10_000_000,
      timeNanos: parts.timeNanos ?? 1_700_000_000_000_000_000,
      sample: parts.samples,
      location: parts.locations,
      function: parts.functions,
      stringTable: strings,
    }).encode(),
  );
}
