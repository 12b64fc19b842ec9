import { invalidParameterValue } from "./ec2-error";

/** One `Filter.N` of an EC2 Query request. */
export interface QueryFilter {
  name: string;
  values: string[];
}

/** The parameters of an EC2 Query request (`Name.N` lists flattened, like the SDK sends them). */
export interface QueryParams {
  action: string | undefined;
  version: string | undefined;
  get(name: string): string | undefined;
  /** Values of `Prefix.1`, `Prefix.2`, ... in index order. */
  list(prefix: string): string[];
  filters: QueryFilter[];
}

export function parseQueryParams(body: string): QueryParams {
  const search = new URLSearchParams(body);
  const values = new Map<string, string>();
  for (const [key, value] of search) values.set(key, value);

  const list = (prefix: string): string[] => {
    const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)$`);
    const found: [number, string][] = [];
    for (const [key, value] of values) {
      const match = pattern.exec(key);
      if (match) found.push([Number(match[1]), value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  };

  const filterIndexes = new Set<number>();
  for (const key of values.keys()) {
    const match = /^Filter\.(\d+)\./.exec(key);
    if (match) filterIndexes.add(Number(match[1]));
  }
  const filters = [...filterIndexes]
    .sort((a, b) => a - b)
    .map((index) => {
      const name = values.get(`Filter.${index}.Name`);
      if (!name) throw invalidParameterValue(`The filter Filter.${index} has no Name`);
      return { name, values: list(`Filter.${index}.Value`) };
    });

  return {
    action: values.get("Action"),
    version: values.get("Version"),
    get: (name) => values.get(name),
    list,
    filters,
  };
}

const wildcardPatterns = new Map<string, RegExp>();

/** EC2 filter values accept `*` (any run) and `?` (one character) wildcards. */
export function filterValueMatches(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  let compiled = wildcardPatterns.get(pattern);
  if (!compiled) {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    compiled = new RegExp(`^${regex}$`, "s");
    if (wildcardPatterns.size > 1000) wildcardPatterns.clear();
    wildcardPatterns.set(pattern, compiled);
  }
  return compiled.test(value);
}

export function anyFilterValueMatches(filter: QueryFilter, value: string | undefined): boolean {
  return value !== undefined && filter.values.some((pattern) => filterValueMatches(pattern, value));
}
