/**
 * What pprof's filters, granularities, the call graph and the labels report read beyond the stack
 * index: each function's name, file and start line, each mapping's file, each location's mapping,
 * address and lines, and the samples grouped by stack and label set. Columns of the profile's
 * table, filled by the one read of its bytes (profile-table.ts).
 */

/** A sample's labels: string labels as [key, value], numeric ones as [key, value, unit]. */
export interface LabelSet {
  str: [string, string][];
  num: [string, number, string][];
}

/**
 * The profile's samples grouped by stack and label set (values summed), which every report here
 * counts alike: "sample" below means such a group. Group g is stack `stack[g]` of the table
 * carrying label set `labelSet[g]`.
 */
export interface SampleGroups {
  count: number;
  stack: Int32Array;
  labelSet: Int32Array;
  /** values[group * sampleTypeCount + t]. */
  values: Float64Array;
}

export interface ProfileDetail {
  /** By dense function index: its name (else its system name; "" for neither), file and start line. */
  functionName: string[];
  functionFile: string[];
  functionStartLine: Float64Array;
  /** By dense mapping index: the file of the binary or library. */
  mappingFile: string[];
  /** By dense location index: its mapping (-1 when unmapped) and address. */
  locationMapping: Int32Array;
  locationAddress: (number | bigint)[];
  /** Lines of location i, innermost first: lineStart[i] .. lineStart[i+1]; function -1 when a line has none. */
  lineStart: Int32Array;
  lineFunction: Int32Array;
  lineNumber: Float64Array;
  groups: SampleGroups;
  /** Label sets by id; 0 is the empty set. */
  labelSets: LabelSet[];
  /** The unit of each numeric label key, as pprof infers it (NumLabelUnits). */
  numLabelUnits: Map<string, string>;
}

/** The detail's typed arrays (handed over between threads whole). */
export function detailArrays(d: ProfileDetail): ArrayBufferView[] {
  const g = d.groups;
  return [d.functionStartLine, d.locationMapping, d.lineStart, d.lineFunction, d.lineNumber, g.stack, g.labelSet, g.values];
}

/** Approximate bytes a detail holds. */
export function detailBytes(d: ProfileDetail): number {
  const strings = (list: string[]) => list.reduce((sum, s) => sum + 48 + 2 * s.length, 0);
  const arrays = detailArrays(d).reduce((sum, a) => sum + a.byteLength, 0);
  return arrays + strings(d.functionName) + strings(d.functionFile) + strings(d.mappingFile) + 16 * d.locationAddress.length + 200 * d.labelSets.length;
}
