/** A tag as the SDK returns it. */
export interface TagLike {
  Key?: string;
  Value?: string;
}

/**
 * The required keys an instance lacks, in the order (and spelling) they were asked for.
 * Keys match case-insensitively (`owner` satisfies `Owner`); a tag whose value is empty or only
 * blanks counts as missing; no tags at all means every key is missing. Required keys that differ
 * only by case are reported once.
 */
export function missingTags(tags: readonly TagLike[] | undefined, requiredKeys: readonly string[]): string[] {
  const present = new Set<string>();
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined && (tag.Value ?? "").trim() !== "") present.add(tag.Key.toLowerCase());
  }
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const key of requiredKeys) {
    const folded = key.toLowerCase();
    if (seen.has(folded)) continue;
    seen.add(folded);
    if (!present.has(folded)) missing.push(key);
  }
  return missing;
}

/** The `Name` tag's value (exact key first, then any case), or null. */
export function nameTagOf(tags: readonly TagLike[] | undefined): string | null {
  const list = tags ?? [];
  const exact = list.find((tag) => tag.Key === "Name" && tag.Value);
  const anyCase = exact ?? list.find((tag) => tag.Key?.toLowerCase() === "name" && tag.Value);
  return anyCase?.Value ?? null;
}
