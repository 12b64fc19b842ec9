/**
 * The rest of a profile, for the readers that need all of it (the merge, the PGO trim): the string
 * table, the header's raw string indexes and exact int64s, the mapping, function and location
 * columns with references resolved to dense indexes, and every sample in order (its stack, values
 * and labels). Filled by readProfileTable(payload, { entities: true }) in the same pass that checks
 * the bytes; plain typed arrays, so a worker thread can hand it over.
 */
import type { Numeric } from "./numbers";
import { Int32List } from "./stack-table";

/** A sample type or period type: indexes into the string table. */
export interface ValueTypeRef {
  type: number;
  unit: number;
}

/** The header as written: string-table indexes, and the int64s exactly. */
export interface EntityHeader {
  sampleTypes: ValueTypeRef[];
  periodType: ValueTypeRef | undefined;
  period: bigint;
  timeNanos: bigint;
  durationNanos: bigint;
  comments: number[];
  defaultSampleType: number;
  dropFrames: number;
  keepFrames: number;
  docUrl: number;
}

export interface MappingColumns {
  count: number;
  id: Float64Array;
  memoryStart: Numeric[];
  memoryLimit: Numeric[];
  fileOffset: Numeric[];
  filename: Int32Array;
  buildId: Int32Array;
  /** Bits: 1 has_functions, 2 has_filenames, 4 has_line_numbers, 8 has_inline_frames. */
  flags: Uint8Array;
}

export interface FunctionColumns {
  count: number;
  id: Float64Array;
  name: Int32Array;
  systemName: Int32Array;
  filename: Int32Array;
  startLine: Float64Array;
}

export interface LocationColumns {
  count: number;
  id: Float64Array;
  /** Dense mapping index, -1 for none. */
  mapping: Int32Array;
  address: Numeric[];
  folded: Uint8Array;
  /** Lines of location i are lineStart[i] .. lineStart[i+1]. */
  lineStart: Int32Array;
  /** Dense function index of each line, -1 for none. */
  lineFunction: Int32Array;
  line: Float64Array;
  column: Float64Array;
}

export interface SampleColumns {
  count: number;
  /** Stack (of the table's Stacks) of each sample. */
  stack: Int32Array;
  /** values[i * nTypes + t]. */
  values: Float64Array;
  /** Labels of sample i are labelStart[i] .. labelStart[i+1], four numbers each (key, str, num, num_unit) in `labels`. */
  labelStart: Int32Array;
  labels: Float64Array;
}

export interface ProfileEntities {
  strings: string[];
  header: EntityHeader;
  mappings: MappingColumns;
  functions: FunctionColumns;
  locations: LocationColumns;
  samples: SampleColumns;
}

/** A growable Float64Array. */
export class Float64List {
  data: Float64Array;
  length = 0;
  constructor(capacity = 16) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Collects the samples as checkSamples reads them. */
export class SampleSink {
  private readonly stacks = new Int32List(1 << 12);
  private readonly values = new Float64List(1 << 13);
  private readonly labelStart = new Int32List(1 << 12);
  readonly labels = new Float64List(64);

  add(stack: number, values: Float64Array, nTypes: number, labelsFrom: number): void {
    this.stacks.push(stack);
    for (let t = 0; t < nTypes; t++) this.values.push(values[t]);
    this.labelStart.push(labelsFrom);
  }

  finish(): SampleColumns {
    this.labelStart.push(this.labels.length);
    return {
      count: this.stacks.length,
      stack: this.stacks.finish(),
      values: this.values.finish(),
      labelStart: this.labelStart.finish(),
      labels: this.labels.finish(),
    };
  }
}

/** The typed arrays of a ProfileEntities (to transfer to or from a worker thread). */
export function entityArrays(e: ProfileEntities): ArrayBufferView[] {
  const { mappings: m, functions: f, locations: l, samples: s } = e;
  return [m.id, m.filename, m.buildId, m.flags, f.id, f.name, f.systemName, f.filename, f.startLine, l.id, l.mapping, l.folded, l.lineStart, l.lineFunction, l.line, l.column, s.stack, s.values, s.labelStart, s.labels];
}
