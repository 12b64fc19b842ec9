/**
 * pprof's sample filters, applied as go tool pprof applies them (internal/driver applyFocus, then
 * profile/filter.go): focus / ignore / hide / show on each location's function names, file names
 * and mapping file (FilterSamplesByName), then show_from (ShowFrom), then tagfocus / tagignore
 * (FilterSamplesByTag). The result is the stacks left (as the filters cut them), the sample groups
 * kept and the lines left; granularity.ts turns it into a stack index. Everything is read from the
 * profile's table (profile-table.ts): each expression is tested once per function (name, file) and
 * mapping, then stacks and sample groups are passed over as integers.
 */
import { compileGoRegexp } from "./go-regexp";
import type { ProfileDetail } from "./profile-detail";
import type { ProfileTable } from "./profile-table";
import { compileTagFilter, type TagMatch } from "./tag-filter";

export { FilterError } from "./go-regexp";

/** The filters, named after pprof's flags; an empty or missing one is off. */
export interface PprofFilters {
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
  show_from?: string;
  tagfocus?: string;
  tagignore?: string;
}

export const FILTER_NAMES = ["focus", "ignore", "hide", "show", "show_from", "tagfocus", "tagignore"] as const;

/** The samples that pass: the stacks left (as the filters cut them), the sample groups kept, the lines left. */
export interface FilteredSamples {
  /** Which lines of the profile's locations are left (undefined: all of them). */
  lineKept: Uint8Array | undefined;
  /** The stacks left, leaf first: filtered stack s is stackLocs[stackStart[s] .. stackStart[s+1]). */
  stackStart: Int32Array;
  stackLocs: Int32Array;
  stackCount: number;
  /** Kept sample groups (ids in the detail's groups), and the filtered stack of each. */
  samples: Int32Array;
  sampleStack: Int32Array;
  /** Each filtered stack's values summed over its kept groups: values[stack * sampleTypeCount + t]. */
  values: Float64Array;
  /** Filters given that matched nothing (pprof warns "... expression matched no samples"). */
  unmatched: string[];
}

export function activeFilters(f: PprofFilters): PprofFilters {
  const out: PprofFilters = {};
  for (const name of FILTER_NAMES) if (f[name]) out[name] = f[name];
  return out;
}

/** An expression tested once per function (its name or its file) and once per mapping file. */
interface Matcher {
  fn: Uint8Array;
  mapping: Uint8Array;
}

function matcherOf(d: ProfileDetail, re: RegExp): Matcher {
  const fn = new Uint8Array(d.functionName.length);
  for (let i = 0; i < fn.length; i++) fn[i] = re.test(d.functionName[i]) || re.test(d.functionFile[i]) ? 1 : 0;
  return { fn, mapping: Uint8Array.from(d.mappingFile, (file) => (re.test(file) ? 1 : 0)) };
}

const lineMatches = (d: ProfileDetail, m: Matcher, line: number) => d.lineFunction[line] >= 0 && m.fn[d.lineFunction[line]] === 1;
const mappingMatches = (d: ProfileDetail, m: Matcher, loc: number) => d.locationMapping[loc] >= 0 && m.mapping[d.locationMapping[loc]] === 1;

/** Location.matchesName, over the lines left. */
function matchesName(d: ProfileDetail, m: Matcher, loc: number, kept: Uint8Array | undefined): boolean {
  for (let k = d.lineStart[loc]; k < d.lineStart[loc + 1]; k++) if ((!kept || kept[k]) && lineMatches(d, m, k)) return true;
  return mappingMatches(d, m, loc);
}

/** Drops the lines of `loc` that `drop` picks; whether any line is left. */
function dropLines(d: ProfileDetail, kept: Uint8Array, loc: number, drop: (line: number) => boolean): boolean {
  let left = false;
  for (let k = d.lineStart[loc]; k < d.lineStart[loc + 1]; k++) {
    if (kept[k] && drop(k)) kept[k] = 0;
    if (kept[k]) left = true;
  }
  return left;
}

interface Matchers {
  focus?: Matcher;
  ignore?: Matcher;
  hide?: Matcher;
  show?: Matcher;
  showFrom?: Matcher;
}

const FOCUSED = 1;
const IGNORED = 2;

/** FilterSamplesByName's pass over the locations: focus/ignore marks, hidden locations, lines left. */
function markLocations(d: ProfileDetail, m: Matchers, kept: Uint8Array | undefined, unmatched: Set<string>) {
  const n = d.locationMapping.length;
  const mark = new Uint8Array(n);
  const hidden = new Uint8Array(n);
  let anyHidden = false;
  const seen = { focus: false, ignore: false, hide: false, show: false };
  for (let i = 0; i < n; i++) {
    if (m.ignore && matchesName(d, m.ignore, i, kept)) {
      seen.ignore = true;
      mark[i] = IGNORED;
    } else if (!m.focus || matchesName(d, m.focus, i, kept)) {
      seen.focus = true;
      mark[i] = FOCUSED;
    }
    if (m.hide && kept && matchesName(d, m.hide, i, kept)) {
      seen.hide = true;
      const hide = m.hide;
      const all = mappingMatches(d, hide, i);
      if (!dropLines(d, kept, i, (k) => all || lineMatches(d, hide, k))) hidden[i] = 1;
    }
    if (m.show && kept) {
      const show = m.show;
      const drop = mappingMatches(d, show, i) ? () => false : (k: number) => d.lineFunction[k] >= 0 && !show.fn[d.lineFunction[k]];
      if (!dropLines(d, kept, i, drop)) hidden[i] = 1;
      else seen.show = true;
    }
    if (hidden[i]) anyHidden = true;
  }
  for (const [name, matched] of Object.entries(seen)) if (m[name as keyof typeof seen] && !matched) unmatched.add(name);
  return { mark, hidden: anyHidden ? hidden : undefined };
}

/** ShowFrom's pass over the locations: which match (their lines cut after the outermost match). */
function markShowFrom(d: ProfileDetail, showFrom: Matcher, kept: Uint8Array): Uint8Array {
  const marks = new Uint8Array(d.locationMapping.length);
  for (let i = 0; i < marks.length; i++) {
    if (mappingMatches(d, showFrom, i)) {
      marks[i] = 1;
      continue;
    }
    for (let k = d.lineStart[i + 1] - 1; k >= d.lineStart[i]; k--) {
      if (kept[k] && lineMatches(d, showFrom, k)) {
        for (let after = k + 1; after < d.lineStart[i + 1]; after++) kept[after] = 0;
        marks[i] = 1;
        break;
      }
    }
  }
  return marks;
}

const NAME_FILTERS = ["focus", "ignore", "hide", "show", "show_from"] as const;

function compileNameRegexps(f: PprofFilters): Partial<Record<(typeof NAME_FILTERS)[number], RegExp>> {
  const out: Partial<Record<(typeof NAME_FILTERS)[number], RegExp>> = {};
  for (const name of NAME_FILTERS) if (f[name]) out[name] = compileGoRegexp(name, f[name]!);
  return out;
}

function matchersOf(d: ProfileDetail, f: PprofFilters): Matchers {
  const re = compileNameRegexps(f);
  const m = (r: RegExp | undefined) => (r ? matcherOf(d, r) : undefined);
  return { focus: m(re.focus), ignore: m(re.ignore), hide: m(re.hide), show: m(re.show), showFrom: m(re.show_from) };
}

interface TagMatches {
  focus?: TagMatch;
  ignore?: TagMatch;
}

/** Per label set: whether tagfocus matches it (1 without a tagfocus), whether tagignore does. */
function labelSetVerdicts(d: ProfileDetail, f: PprofFilters) {
  const tags: TagMatches = {
    focus: f.tagfocus ? compileTagFilter("tagfocus", f.tagfocus, d.numLabelUnits) : undefined,
    ignore: f.tagignore ? compileTagFilter("tagignore", f.tagignore, d.numLabelUnits) : undefined,
  };
  if (!tags.focus && !tags.ignore) return undefined;
  return {
    tags,
    focused: Uint8Array.from(d.labelSets, (set) => (tags.focus ? (tags.focus(set) ? 1 : 0) : 1)),
    ignored: Uint8Array.from(d.labelSets, (set) => (tags.ignore?.(set) ? 1 : 0)),
  };
}

/**
 * Applies the filters to the profile. Throws FilterError for an expression that does not compile
 * (before looking at any sample).
 */
export function filterSamples(table: ProfileTable, filters: PprofFilters): FilteredSamples {
  const d = table.detail;
  const m = matchersOf(d, filters);
  const verdicts = labelSetVerdicts(d, filters);
  const kept = m.hide || m.show || m.showFrom ? new Uint8Array(d.lineFunction.length).fill(1) : undefined;
  const unmatched = new Set<string>();
  const byName = m.focus || m.ignore || m.hide || m.show ? markLocations(d, m, kept, unmatched) : undefined;
  const showFrom = m.showFrom ? markShowFrom(d, m.showFrom, kept!) : undefined;
  const stacks = filterStacks(table, byName, showFrom);
  if (m.showFrom && !stacks.showFromMatched) unmatched.add("show_from");
  const nTypes = table.header.sampleTypes.length;
  const g = d.groups;
  const samples: number[] = [];
  const sampleStack: number[] = [];
  const values = new Float64Array(stacks.stackCount * nTypes);
  let tagFocused = false;
  let tagIgnored = false;
  for (let k = 0; k < g.count; k++) {
    const st = g.stack[k];
    if (!stacks.passed[st]) continue;
    if (verdicts) {
      const set = g.labelSet[k];
      if (verdicts.focused[set]) tagFocused = true;
      if (verdicts.ignored[set]) tagIgnored = true;
      if (!verdicts.focused[set] || verdicts.ignored[set]) continue;
    }
    const fs = stacks.filteredOf[st];
    if (fs < 0) continue;
    samples.push(k);
    sampleStack.push(fs);
    for (let t = 0; t < nTypes; t++) values[fs * nTypes + t] += g.values[k * nTypes + t];
  }
  if (verdicts?.tags.focus && !tagFocused) unmatched.add("tagfocus");
  if (verdicts?.tags.ignore && !tagIgnored) unmatched.add("tagignore");
  const { stackStart, stackLocs, stackCount } = stacks;
  return { lineKept: kept, stackStart, stackLocs, stackCount, samples: Int32Array.from(samples), sampleStack: Int32Array.from(sampleStack), values, unmatched: [...unmatched] };
}

/** The stacks through focus / ignore / hide / show (byName) and show_from, cut as they cut them. */
function filterStacks(table: ProfileTable, byName: ReturnType<typeof markLocations> | undefined, showFrom: Uint8Array | undefined) {
  const { stackStart, stackLocs, stackCount } = table.stacks;
  const hidden = byName?.hidden;
  // passed: through focus, ignore and show_from (what tagfocus's "matched" counts); filteredOf: its index when locations are left.
  const passed = new Uint8Array(stackCount);
  const filteredOf = new Int32Array(stackCount).fill(-1);
  const starts: number[] = [];
  const locs = new Int32Array(stackLocs.length);
  let length = 0;
  let showFromMatched = false;
  for (let s = 0; s < stackCount; s++) {
    let first = stackStart[s];
    let last = stackStart[s + 1];
    if (byName && !focusedAndNotIgnored(stackLocs, first, last, byName.mark)) continue;
    if (showFrom) {
      // Keep the locations up to the outermost one that matches.
      let top = last - 1;
      while (top >= first && (!showFrom[stackLocs[top]] || hidden?.[stackLocs[top]])) top--;
      if (top < first) continue;
      showFromMatched = true;
      last = top + 1;
    }
    passed[s] = 1;
    const mark = length;
    for (; first < last; first++) if (!hidden?.[stackLocs[first]]) locs[length++] = stackLocs[first];
    // A sample left without locations is removed (FilterSamplesByName).
    if (length === mark && hidden) continue;
    filteredOf[s] = starts.length;
    starts.push(mark);
  }
  starts.push(length);
  return { passed, filteredOf, stackStart: Int32Array.from(starts), stackLocs: locs.slice(0, length), stackCount: starts.length - 1, showFromMatched };
}

/** focusedAndNotIgnored: some location focused and none ignored. */
function focusedAndNotIgnored(locs: Int32Array, first: number, last: number, mark: Uint8Array): boolean {
  let focused = false;
  for (let k = first; k < last; k++) {
    const m = mark[locs[k]];
    if (m === IGNORED) return false;
    if (m === FOCUSED) focused = true;
  }
  return focused;
}

/** Checks the filters compile, without a profile (the API's 400 before any read). */
export function checkFilters(filters: PprofFilters): void {
  compileNameRegexps(filters);
  const noUnits = new Map<string, string>();
  if (filters.tagfocus) compileTagFilter("tagfocus", filters.tagfocus, noUnits);
  if (filters.tagignore) compileTagFilter("tagignore", filters.tagignore, noUnits);
}
