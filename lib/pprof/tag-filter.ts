/**
 * pprof's -tagfocus / -tagignore (internal/driver/driver_focus.go compileTagFilter): `value` or
 * `key=value`, where value is a numeric range (`32kb`, `:64kb`, `4mb:`, `12kb:64mb`, matched
 * against numeric labels in pprof's units) or a comma-separated list of regular expressions
 * (with a key: any of them matches one of that key's values; without: every one matches some
 * `key:value` of the sample).
 */
import { compileGoRegexp } from "./go-regexp";
import { scale } from "./measurement";
import type { LabelSet } from "./profile-detail";

/** Whether a sample's labels pass the filter. */
export type TagMatch = (labels: LabelSet) => boolean;

type NumberFilter = (value: number, unit: string) => boolean;

const RANGE_PART = /([+-]?[0-9]+)([A-Za-z]+)?/g;

/** parseTagFilterRange: the range `filter` describes, or undefined when it is not one. */
export function parseTagRange(filter: string): NumberFilter | undefined {
  const parts = [...filter.matchAll(RANGE_PART)].slice(0, 2);
  if (parts.length === 0) return undefined;
  const [lowValue, unit] = scale(Number(parts[0][1]), parts[0][2] ?? "", parts[0][2] ?? "");
  const inUnit = (v: number, u: string) => scale(v, u, unit);
  if (parts.length === 1) {
    const match = parts[0][0];
    if (filter === match) return (v, u) => eq(inUnit(v, u), unit, (x) => x === lowValue);
    if (filter === `${match}:`) return (v, u) => eq(inUnit(v, u), unit, (x) => x >= lowValue);
    if (filter === `:${match}`) return (v, u) => eq(inUnit(v, u), unit, (x) => x <= lowValue);
    return undefined;
  }
  if (filter !== `${parts[0][0]}:${parts[1][0]}`) return undefined;
  const [highValue, highUnit] = scale(Number(parts[1][1]), parts[1][2] ?? "", unit);
  if (highUnit !== unit) return undefined;
  return (v, u) => eq(inUnit(v, u), unit, (x) => x >= lowValue && x <= highValue);
}

const eq = ([value, unit]: [number, string], want: string, test: (x: number) => boolean) => unit === want && test(value);

/** Compiles the tag filter `value` given to `option` ("tagfocus" or "tagignore"); numeric keys' units as pprof infers them. */
export function compileTagFilter(option: string, value: string, numLabelUnits: Map<string, string>): TagMatch {
  const eqAt = value.indexOf("=");
  const wantKey = eqAt >= 0 ? value.slice(0, eqAt) : "";
  const rest = eqAt >= 0 ? value.slice(eqAt + 1) : value;
  const range = parseTagRange(rest);
  if (range) {
    const unitOf = (key: string) => numLabelUnits.get(key) ?? "";
    if (wantKey === "") return (labels) => labels.num.some(([key, v]) => range(v, unitOf(key)));
    return (labels) => labels.num.some(([key, v]) => key === wantKey && range(v, unitOf(key)));
  }
  const regexps = rest.split(",").map((part) => compileGoRegexp(option, part));
  if (wantKey === "") {
    return (labels) => regexps.every((rx) => labels.str.some(([key, v]) => rx.test(`${key}:${v}`)));
  }
  return (labels) => {
    const values = labels.str.filter(([key]) => key === wantKey).map(([, v]) => v);
    return values.length > 0 && regexps.some((rx) => values.some((v) => rx.test(v)));
  };
}
