import type { ProfileModel as Profile } from "../../lib/pprof/profile-model";
import { buildIdLookup } from "../../lib/pprof/id-lookup";
import { toNumber, type Numeric } from "../../lib/pprof/numbers";

/**
 * Structural checks of a decoded profile. pprof-format decodes many byte
 * strings that are not profiles at all without complaint, so decodeProfile
 * runs these before trusting the result. Returns the first problem found, or
 * undefined when the profile is consistent.
 */
export function findStructuralProblem(p: Profile): string | undefined {
  const strings = p.stringTable.strings;
  const nStrings = strings.length;
  if (nStrings === 0 || strings[0] !== "") return 'its string table does not start with ""';
  const badString = (index: Numeric | undefined): boolean => {
    const i = toNumber(index);
    return !(i >= 0 && i < nStrings);
  };

  if (p.sampleType.length === 0) return "it declares no sample types";
  for (const [i, vt] of p.sampleType.entries()) {
    if (badString(vt.type) || badString(vt.unit)) return `sample type ${i} names a string outside the string table`;
  }
  if (p.periodType && (badString(p.periodType.type) || badString(p.periodType.unit))) {
    return "its period type names a string outside the string table";
  }
  for (const [field, index] of [
    ["drop_frames", p.dropFrames],
    ["keep_frames", p.keepFrames],
    ["default_sample_type", p.defaultSampleType],
    ["doc_url", p.docUrl],
  ] as const) {
    if (badString(index)) return `its ${field} names a string outside the string table`;
  }
  for (const c of p.comment) if (badString(c)) return "a comment names a string outside the string table";

  const functionIds = buildIdLookup(p.function.map((f) => f.id));
  if (functionIds.duplicates.length > 0) return `function id ${functionIds.duplicates[0]} is used twice`;
  for (const f of p.function) {
    if (toNumber(f.id) === 0) return "a function has id 0";
    if (badString(f.name) || badString(f.systemName) || badString(f.filename)) {
      return `function ${toNumber(f.id)} names a string outside the string table`;
    }
  }

  const mappingIds = buildIdLookup(p.mapping.map((m) => m.id));
  if (mappingIds.duplicates.length > 0) return `mapping id ${mappingIds.duplicates[0]} is used twice`;
  for (const m of p.mapping) {
    if (toNumber(m.id) === 0) return "a mapping has id 0";
    if (badString(m.filename) || badString(m.buildId)) {
      return `mapping ${toNumber(m.id)} names a string outside the string table`;
    }
  }

  const locationIds = buildIdLookup(p.location.map((l) => l.id));
  if (locationIds.duplicates.length > 0) return `location id ${locationIds.duplicates[0]} is used twice`;
  for (const l of p.location) {
    const id = toNumber(l.id);
    if (id === 0) return "a location has id 0";
    const mappingId = toNumber(l.mappingId);
    if (mappingId !== 0 && mappingIds.get(mappingId) < 0) return `location ${id} refers to missing mapping ${mappingId}`;
    for (const line of l.line) {
      const fid = toNumber(line.functionId);
      if (fid !== 0 && functionIds.get(fid) < 0) return `location ${id} refers to missing function ${fid}`;
    }
  }

  const nTypes = p.sampleType.length;
  const samples = p.sample;
  for (let s = 0; s < samples.length; s++) {
    const sample = samples[s];
    if (sample.value.length !== nTypes) {
      return `sample ${s} has ${sample.value.length} values but the profile declares ${nTypes} sample types`;
    }
    const locs = sample.locationId;
    for (let k = 0; k < locs.length; k++) {
      const id = locs[k];
      if (locationIds.get(typeof id === "number" ? id : toNumber(id)) < 0) {
        return `sample ${s} refers to missing location ${toNumber(id)}`;
      }
    }
    for (const label of sample.label) {
      if (badString(label.key) || badString(label.str) || badString(label.numUnit)) {
        return `sample ${s} has a label naming a string outside the string table`;
      }
    }
  }
  return undefined;
}
