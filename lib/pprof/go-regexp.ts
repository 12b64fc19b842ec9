/**
 * Go's regular expressions (RE2 syntax, as pprof compiles its filters) in JavaScript's RegExp:
 * the same unanchored search. Go's leading flag group `(?i)` / `(?s)` / `(?m)` becomes a RegExp
 * flag and the POSIX classes `[[:alpha:]]` etc. become ranges; the rest of RE2's syntax is
 * JavaScript's too. An expression neither accepts is a FilterError naming the option.
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
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1].includes("U")) throw new FilterError(`${option}: the (?U) flag (ungreedy) is not supported`);
    flags = [...new Set(leading[1])].join("");
    body = body.slice(leading[0].length);
  }
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
