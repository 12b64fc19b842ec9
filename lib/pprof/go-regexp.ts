/**
 * Go's regular expressions (RE2 syntax, as pprof compiles its filters) in JavaScript's RegExp:
 * the same unanchored search. Go's leading flag group `(?i)` / `(?s)` / `(?m)` becomes a RegExp
 * flag, `(?U)` (ungreedy) swaps each quantifier's greediness, `\A` and `\z` (beginning and end
 * of the text, whatever the flags) become lookarounds, and the POSIX classes `[[:alpha:]]` etc.
 * become ranges; the rest of RE2's syntax is JavaScript's too. An expression neither accepts is a
 * FilterError naming the option.
 */

/** A filter that cannot be applied: a bad regular expression or tag filter (the API answers 400). */
export class FilterError extends Error {}

/** The longest expression a filter may hold. */
export const MAX_FILTER_LENGTH = 4096;

const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-/:-@[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Compiles the Go expression `source` given to the filter `option` (named in errors). */
export function compileGoRegexp(option: string, source: string): RegExp {
  if (source.length > MAX_FILTER_LENGTH) {
    throw new FilterError(`${option} is ${source.length} characters long; the most is ${MAX_FILTER_LENGTH}`);
  }
  let body = source;
  let flags = "";
  let ungreedy = false;
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    ungreedy = leading[1].includes("U");
    flags = [...new Set(leading[1].replace(/U/g, ""))].join("");
    body = body.slice(leading[0].length);
  }
  body = translateOutsideClasses(body, ungreedy);
  body = body.replace(/\[:(\^?)([a-z]+):\]/g, (whole, negated: string, name: string) => {
    const range = POSIX_CLASSES[name];
    if (range === undefined) throw new FilterError(`${option}: "${source}" is not a valid regular expression: unknown class [:${name}:]`);
    if (negated) throw new FilterError(`${option}: negated POSIX classes such as ${whole} are not supported`);
    return range;
  });
  try {
    return new RegExp(body, `${flags}u`);
  } catch (unicodeError) {
    try {
      return new RegExp(body, flags);
    } catch {
      const reason = (unicodeError as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, "");
      throw new FilterError(`${option}: "${source}" is not a valid regular expression (${reason})`);
    }
  }
}

/** Go's text anchors, as lookarounds that ignore the m flag. */
const TEXT_ANCHORS: Record<string, string> = { A: "(?<![\\s\\S])", z: "(?![\\s\\S])" };

/**
 * Rewrites what differs outside character classes: `\A` and `\z`, and with (?U) each quantifier's
 * greediness (`*` is then lazy and `*?` greedy, as in Go). Escapes and classes are copied as they are.
 */
function translateOutsideClasses(body: string, ungreedy: boolean): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "\\") {
      const next = body[i + 1] ?? "";
      out += !inClass && TEXT_ANCHORS[next] ? TEXT_ANCHORS[next] : ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      out += ch;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      out += ch;
      // A ] right after [ or [^ is a literal in both syntaxes.
      if (body[i + 1] === "^") out += body[++i];
      if (body[i + 1] === "]") out += body[++i];
      continue;
    }
    const quantifier = ch === "*" || ch === "+" || (ch === "?" && body[i - 1] !== "(") ? ch : /^\{\d+(,\d*)?\}/.exec(body.slice(i))?.[0];
    if (!ungreedy || quantifier === undefined) {
      out += ch;
      continue;
    }
    i += quantifier.length - 1;
    const lazy = body[i + 1] === "?";
    if (lazy) i++;
    out += lazy ? quantifier : `${quantifier}?`;
  }
  return out;
}
