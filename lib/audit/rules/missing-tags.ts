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
  // A handful of tags and keys per instance, on every instance of a scan: lists, no Sets.
  const missing: string[] = [];
  const folded: string[] = [];
  for (const key of requiredKeys) {
    const lower = key.toLowerCase();
    if (folded.includes(lower)) continue;
    folded.push(lower);
    if (!hasValue(tags, lower)) missing.push(key);
  }
  return missing;
}

/** A tag whose key is `lowerKey` in any case has a value that is not only blanks. */
function hasValue(tags: readonly TagLike[] | undefined, lowerKey: string): boolean {
  if (!tags) return false;
  for (const tag of tags) {
    const key = tag.Key;
    if (key === undefined || key.length !== lowerKey.length) continue;
    if ((key === lowerKey || key.toLowerCase() === lowerKey) && (tag.Value ?? "").trim() !== "") return true;
  }
  return false;
}

/** The `Name` tag's value (exact key first, then any case), or null. */
export function nameTagOf(tags: readonly TagLike[] | undefined): string | null {
  const list = tags ?? [];
  const exact = list.find((tag) => tag.Key === "Name" && tag.Value);
  const anyCase = exact ?? list.find((tag) => tag.Key?.toLowerCase() === "name" && tag.Value);
  return anyCase?.Value ?? null;
}
