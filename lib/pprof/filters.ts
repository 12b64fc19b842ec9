/**
 * pprof's sample filters, applied as go tool pprof applies them (internal/driver applyFocus, then
 * profile/filter.go): focus / ignore / hide / show on each location's function names, file names
 * and mapping file (FilterSamplesByName), then show_from (ShowFrom), then tagfocus / tagignore
 * (FilterSamplesByTag). The result is the samples kept, each with its locations, and each
 * location's lines as the filters left them; granularity.ts turns it into a stack index.
 */
import { compileGoRegexp } from "./go-regexp";
import type { DetailLine, DetailLocation, ProfileDetail } from "./profile-detail";
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

/** The samples that pass, and every location's lines after hide / show / show_from. */
export interface FilteredSamples {
  /** Lines of each location (the profile's own arrays where no filter changed them). */
  lines: DetailLine[][];
  /** Kept samples: their index in the profile, and their locations (leaf first). */
  samples: Int32Array;
  sampleStart: Int32Array;
  sampleLocs: Int32Array;
  /** Filters given that matched nothing (pprof warns "... expression matched no samples"). */
  unmatched: string[];
}

export function activeFilters(f: PprofFilters): PprofFilters {
  const out: PprofFilters = {};
  for (const name of FILTER_NAMES) if (f[name]) out[name] = f[name];
  return out;
}

const lineMatches = (re: RegExp, ln: DetailLine) => ln.hasFunction && (re.test(ln.name) || re.test(ln.file));
const mappingMatches = (re: RegExp, loc: DetailLocation) => loc.mappingFile !== undefined && re.test(loc.mappingFile);

/** Location.matchesName */
function matchesName(re: RegExp, loc: DetailLocation, lines: DetailLine[]): boolean {
  return lines.some((ln) => lineMatches(re, ln)) || mappingMatches(re, loc);
}

interface NameRegexps {
  focus?: RegExp;
  ignore?: RegExp;
  hide?: RegExp;
  show?: RegExp;
  showFrom?: RegExp;
}

const FOCUSED = 1;
const IGNORED = 2;

/** FilterSamplesByName's pass over the locations: focus/ignore marks, hidden locations, lines left. */
function markLocations(d: ProfileDetail, re: NameRegexps, lines: DetailLine[][], unmatched: Set<string>) {
  const n = d.locations.length;
  const mark = new Uint8Array(n);
  const hidden = new Uint8Array(n);
  let anyHidden = false;
  const seen = { focus: false, ignore: false, hide: false, show: false };
  for (let i = 0; i < n; i++) {
    const loc = d.locations[i];
    if (re.ignore && matchesName(re.ignore, loc, lines[i])) {
      seen.ignore = true;
      mark[i] = IGNORED;
    } else if (!re.focus || matchesName(re.focus, loc, lines[i])) {
      seen.focus = true;
      mark[i] = FOCUSED;
    }
    if (re.hide && matchesName(re.hide, loc, lines[i])) {
      seen.hide = true;
      const hide = re.hide;
      lines[i] = mappingMatches(hide, loc) ? [] : lines[i].filter((ln) => !lineMatches(hide, ln));
      if (lines[i].length === 0) hidden[i] = 1;
    }
    if (re.show) {
      const show = re.show;
      if (!mappingMatches(show, loc)) lines[i] = lines[i].filter((ln) => !ln.hasFunction || show.test(ln.name) || show.test(ln.file));
      if (lines[i].length === 0) hidden[i] = 1;
      else seen.show = true;
    }
    if (hidden[i]) anyHidden = true;
  }
  for (const [name, matched] of Object.entries(seen)) if (re[name as keyof typeof seen] && !matched) unmatched.add(name);
  return { mark, hidden: anyHidden ? hidden : undefined };
}

/** ShowFrom's pass over the locations: which match (their lines cut after the outermost match). */
function markShowFrom(d: ProfileDetail, showFrom: RegExp, lines: DetailLine[][]): Uint8Array {
  const marks = new Uint8Array(d.locations.length);
  d.locations.forEach((loc, i) => {
    if (mappingMatches(showFrom, loc)) {
      marks[i] = 1;
      return;
    }
    const own = lines[i];
    for (let k = own.length - 1; k >= 0; k--) {
      if (lineMatches(showFrom, own[k])) {
        lines[i] = own.slice(0, k + 1);
        marks[i] = 1;
        return;
      }
    }
  });
  return marks;
}

function compileNameRegexps(f: PprofFilters): NameRegexps {
  const compile = (name: keyof PprofFilters) => (f[name] ? compileGoRegexp(name, f[name]!) : undefined);
  return { focus: compile("focus"), ignore: compile("ignore"), hide: compile("hide"), show: compile("show"), showFrom: compile("show_from") };
}

interface TagMatches {
  focus?: TagMatch;
  ignore?: TagMatch;
}

function compileTagMatches(d: ProfileDetail, f: PprofFilters): TagMatches {
  return {
    focus: f.tagfocus ? compileTagFilter("tagfocus", f.tagfocus, d.numLabelUnits) : undefined,
    ignore: f.tagignore ? compileTagFilter("tagignore", f.tagignore, d.numLabelUnits) : undefined,
  };
}

/** Whether each label set passes the tag filters (focused and not ignored), and whether any was focused / ignored. */
function labelSetVerdicts(d: ProfileDetail, tags: TagMatches) {
  const pass = new Uint8Array(d.labelSets.length);
  d.labelSets.forEach((set, i) => {
    const focused = tags.focus ? tags.focus(set) : true;
    const ignored = tags.ignore ? tags.ignore(set) : false;
    pass[i] = focused && !ignored ? 1 : 0;
  });
  return pass;
}

/**
 * Applies the filters to the profile. Throws FilterError for an expression that does not compile
 * (before looking at any sample).
 */
export function filterSamples(d: ProfileDetail, filters: PprofFilters): FilteredSamples {
  const re = compileNameRegexps(filters);
  const tags = compileTagMatches(d, filters);
  const lines = d.locations.map((loc) => loc.lines);
  const unmatched = new Set<string>();
  const byName = re.focus || re.ignore || re.hide || re.show ? markLocations(d, re, lines, unmatched) : undefined;
  const showFrom = re.showFrom ? markShowFrom(d, re.showFrom, lines) : undefined;
  const tagPass = tags.focus || tags.ignore ? labelSetVerdicts(d, tags) : undefined;
  const kept: number[] = [];
  const starts: number[] = [];
  const locs: number[] = [];
  let showFromMatched = false;
  let tagFocused = false;
  let tagIgnored = false;
  for (let s = 0; s < d.sampleCount; s++) {
    let first = d.sampleStart[s];
    let last = d.sampleStart[s + 1];
    if (byName && !focusedAndNotIgnored(d.sampleLocs, first, last, byName.mark)) continue;
    if (showFrom) {
      // Keep the locations up to the outermost one that matches.
      let top = last - 1;
      while (top >= first && (!showFrom[d.sampleLocs[top]] || byName?.hidden?.[d.sampleLocs[top]])) top--;
      if (top < first) continue;
      showFromMatched = true;
      last = top + 1;
    }
    if (tagPass) {
      const set = d.labelSets[d.sampleLabelSet[s]];
      if (tags.focus?.(set)) tagFocused = true;
      else if (!tags.focus) tagFocused = true;
      if (tags.ignore?.(set)) tagIgnored = true;
      if (!tagPass[d.sampleLabelSet[s]]) continue;
    }
    const mark = locs.length;
    for (; first < last; first++) if (!byName?.hidden?.[d.sampleLocs[first]]) locs.push(d.sampleLocs[first]);
    // A sample left without locations is removed (FilterSamplesByName).
    if (locs.length === mark && byName?.hidden) continue;
    kept.push(s);
    starts.push(mark);
  }
  starts.push(locs.length);
  if (re.showFrom && !showFromMatched) unmatched.add("show_from");
  if (tags.focus && !tagFocused) unmatched.add("tagfocus");
  if (tags.ignore && !tagIgnored) unmatched.add("tagignore");
  return { lines, samples: Int32Array.from(kept), sampleStart: Int32Array.from(starts), sampleLocs: Int32Array.from(locs), unmatched: [...unmatched] };
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
