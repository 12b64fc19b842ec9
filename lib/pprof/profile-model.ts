/**
 * A profile as objects, field for field as perftools.profiles.Profile names them (pprof-format's
 * classes have the same shape, so the tests' decoded profiles are ProfileModels too). The merge
 * builds one for its (small) entity tables; the PGO trim and the hazard guard work on it; the
 * encoder (profile-encode.ts) writes it.
 */
import type { Numeric } from "./numbers";
import { NameTable } from "./stack-table";

export interface ModelValueType {
  type: Numeric;
  unit: Numeric;
}

export interface ModelLabel {
  key: Numeric;
  str: Numeric;
  num: Numeric;
  numUnit: Numeric;
}

export interface ModelSample {
  locationId: Numeric[];
  value: Numeric[];
  label: ModelLabel[];
}

export interface ModelMapping {
  id: Numeric;
  memoryStart: Numeric;
  memoryLimit: Numeric;
  fileOffset: Numeric;
  filename: Numeric;
  buildId: Numeric;
  hasFunctions: boolean;
  hasFilenames: boolean;
  hasLineNumbers: boolean;
  hasInlineFrames: boolean;
}

export interface ModelLine {
  functionId: Numeric;
  line: Numeric;
  column: Numeric;
}

export interface ModelLocation {
  id: Numeric;
  mappingId: Numeric;
  address: Numeric;
  line: ModelLine[];
  isFolded: boolean;
}

export interface ModelFunction {
  id: Numeric;
  name: Numeric;
  systemName: Numeric;
  filename: Numeric;
  startLine: Numeric;
}

/** The string table; `dedup` gives a string's index, adding it when new. */
export interface ModelStrings {
  strings: string[];
  dedup(s: string): number;
}

export interface ProfileModel {
  sampleType: ModelValueType[];
  sample: ModelSample[];
  mapping: ModelMapping[];
  location: ModelLocation[];
  function: ModelFunction[];
  stringTable: ModelStrings;
  dropFrames: Numeric;
  keepFrames: Numeric;
  timeNanos: Numeric;
  durationNanos: Numeric;
  periodType?: ModelValueType;
  period: Numeric;
  comment: Numeric[];
  defaultSampleType: Numeric;
  docUrl: Numeric;
}

/** A string table starting with "" (index 0), each string once. */
export class StringTable extends NameTable implements ModelStrings {
  constructor() {
    super();
    this.id("");
  }

  get strings(): string[] {
    return this.names;
  }

  dedup(s: string): number {
    return this.id(s);
  }
}
