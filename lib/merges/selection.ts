/**
 * A merge selection: which stored profiles, with which weights and options. The same
 * value object drives the preview, the stored merge and GET /api/pgo; `selectionKey` is
 * its identity in caches.
 */
import { z } from "zod";
import { HttpError } from "../http/errors";

export const MAX_MERGE_INPUTS = 64;
export const MAX_WEIGHT = 1_000_000;

export interface MergeOptions {
  /** Drop sample labels so identical stacks merge (datadog-pgo does; default on). */
  dropLabels: boolean;
  /** Store the PGO-minimal file: two innermost locations per sample (same edge map). */
  minimal: boolean;
  /** Rename known PGO inlining hazards so they are never inlined (datadog-pgo's guard). */
  guardHazards: boolean;
}

export interface MergeSelection {
  /** Input order matters to pprof (the first input's sample type order and period type win). */
  profileIds: string[];
  /** Per profile id; missing ids weigh 1. Ignored when `equalise`. */
  weights: Record<string, number>;
  /** Scale inputs so each contributes the same total (max total / own total). */
  equalise: boolean;
  options: MergeOptions;
}

/** "unit", "equal" or "custom": how the weights were chosen (stored with the merge). */
export type WeightMode = "unit" | "equal" | "custom";

export const DEFAULT_OPTIONS: MergeOptions = { dropLabels: true, minimal: false, guardHazards: false };

const weight = z
  .number({ error: "weights must be numbers" })
  .refine((w) => Number.isFinite(w) && w > 0, "weights must be positive numbers (leave a profile out instead of weighting it 0)")
  .refine((w) => w <= MAX_WEIGHT, `weights must be at most ${MAX_WEIGHT}`);

/** The JSON body of POST /api/merges. */
export const mergeRequestSchema = z
  .object({
    profileIds: z
      .array(z.string().min(1, "profile ids must not be empty").max(200), { error: "profileIds is required: a list of profile ids" })
      .min(1, "profileIds is empty: pick at least one profile")
      .max(MAX_MERGE_INPUTS, `at most ${MAX_MERGE_INPUTS} profiles per merge`),
    weights: z.record(z.string(), weight).optional(),
    equalise: z.boolean().optional(),
    dropLabels: z.boolean().optional(),
    minimal: z.boolean().optional(),
    guardHazards: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    for (const id of v.profileIds) {
      if (seen.has(id)) ctx.addIssue({ code: "custom", path: ["profileIds"], message: `profile ${id} is listed twice` });
      seen.add(id);
    }
    for (const id of Object.keys(v.weights ?? {})) {
      if (!seen.has(id)) ctx.addIssue({ code: "custom", path: ["weights"], message: `weight given for ${id}, which is not in profileIds` });
    }
    if (v.equalise && Object.values(v.weights ?? {}).some((w) => w !== 1)) {
      ctx.addIssue({ code: "custom", path: ["equalise"], message: "choose either weights or equalise, not both" });
    }
  });

export type MergeRequest = z.infer<typeof mergeRequestSchema>;

export function selectionFromRequest(body: MergeRequest): MergeSelection {
  const weights: Record<string, number> = {};
  if (!body.equalise) for (const [id, w] of Object.entries(body.weights ?? {})) if (w !== 1) weights[id] = w;
  return {
    profileIds: body.profileIds,
    weights,
    equalise: body.equalise ?? false,
    options: {
      dropLabels: body.dropLabels ?? DEFAULT_OPTIONS.dropLabels,
      minimal: body.minimal ?? DEFAULT_OPTIONS.minimal,
      guardHazards: body.guardHazards ?? DEFAULT_OPTIONS.guardHazards,
    },
  };
}

function flag(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new HttpError(400, `${name}: must be 1 or 0, got "${raw}"`);
}

/**
 * A selection from query parameters (the preview endpoints and the merge page):
 * `profileId=ID` (repeated, in order), `weight=ID:NUMBER` (repeated), `equalise=1`,
 * `dropLabels=0`, `minimal=1`, `guardHazards=1`.
 */
export function selectionFromQuery(params: URLSearchParams): MergeSelection {
  const weights: Record<string, number> = {};
  for (const w of params.getAll("weight")) {
    const at = w.lastIndexOf(":");
    if (at <= 0) throw new HttpError(400, `weight: expected ID:NUMBER, got "${w}"`);
    weights[w.slice(0, at)] = Number(w.slice(at + 1));
  }
  const body = mergeRequestSchema.parse({
    profileIds: params.getAll("profileId"),
    weights,
    equalise: flag(params, "equalise", false),
    dropLabels: flag(params, "dropLabels", DEFAULT_OPTIONS.dropLabels),
    minimal: flag(params, "minimal", DEFAULT_OPTIONS.minimal),
    guardHazards: flag(params, "guardHazards", DEFAULT_OPTIONS.guardHazards),
  });
  return selectionFromRequest(body);
}

/** The query string of a selection (inverse of selectionFromQuery). */
export function selectionQuery(s: MergeSelection): string {
  const q = new URLSearchParams();
  for (const id of s.profileIds) q.append("profileId", id);
  if (s.equalise) q.set("equalise", "1");
  else for (const id of s.profileIds) if (s.weights[id] !== undefined && s.weights[id] !== 1) q.append("weight", `${id}:${s.weights[id]}`);
  if (!s.options.dropLabels) q.set("dropLabels", "0");
  if (s.options.minimal) q.set("minimal", "1");
  if (s.options.guardHazards) q.set("guardHazards", "1");
  return q.toString();
}

export function weightMode(s: MergeSelection): WeightMode {
  if (s.equalise) return "equal";
  return s.profileIds.some((id) => (s.weights[id] ?? 1) !== 1) ? "custom" : "unit";
}

/** Identity of what the preview depends on (not dropLabels or minimal: they leave the edge map alone). */
export function previewKey(s: MergeSelection): string {
  const w = s.equalise ? "eq" : s.profileIds.map((id) => s.weights[id] ?? 1).join(",");
  return `${s.profileIds.join(",")}|${w}|${s.options.guardHazards ? "guard" : ""}`;
}

/** Identity of the merged file. */
export function selectionKey(s: MergeSelection): string {
  return `${previewKey(s)}|${s.options.dropLabels ? "drop" : "keep"}|${s.options.minimal ? "min" : "full"}`;
}

/** Which profile of each service GET /api/pgo merges: the latest, or the representative run (lib/merges/representative.ts). */
export type ProfilePick = { kind: "latest" } | { kind: "representative"; lastN: number };

/** `pick=latest` (default) or `pick=representative[&last=N]` (N runs considered, default 14). */
export function profilePickFromQuery(params: URLSearchParams): ProfilePick {
  const pick = params.get("pick") ?? "latest";
  if (pick === "latest") return { kind: "latest" };
  if (pick !== "representative") throw new HttpError(400, `pick: "latest" or "representative", got "${pick.slice(0, 40)}"`);
  const last = params.get("last");
  const lastN = last === null || last === "" ? 14 : Number(last);
  if (!Number.isInteger(lastN) || lastN < 1 || lastN > 1000) throw new HttpError(400, "last: the number of recent runs to pick the median from, 1 to 1000");
  return { kind: "representative", lastN };
}
