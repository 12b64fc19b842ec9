/**
 * A committed default.pgo as Go's compiler reads it: its hot call sites (Go's CDF rule) and the
 * functions it knows. The bytes are checked exactly as an upload is, so a file that is not a
 * profile gets the same clear 400.
 */
import { createHash } from "node:crypto";
import { HttpError } from "../http/errors";
import { fileEdgeMap } from "../merges/file-edge-map";
import type { DecodeLimits } from "../pprof/decode";
import { edgeKey, hotEdges, PGO_NO_SAMPLE_TYPE, type HotEdges } from "../pprof/pgo-edges";
import { readProfileEntities } from "../pprof/summary";

export interface CommittedFile {
  sha256: string;
  sizeBytes: number;
  /** The file's hot call sites, as the compiler selects them. */
  hot: HotEdges;
  /** edgeKey(caller, offset, callee) of each hot call site. */
  hotKeys: Set<string>;
  /** Every function name in the file: a hot function of a service that is not here is new or renamed code. */
  functionNames: Set<string>;
}

export async function readCommittedFile(bytes: Uint8Array, limits: DecodeLimits): Promise<CommittedFile> {
  if (bytes.byteLength === 0) throw new HttpError(400, "empty body: send the committed default.pgo (curl --data-binary @default.pgo)");
  const table = await readProfileEntities(bytes, limits);
  const edgeMap = fileEdgeMap(table);
  if (!edgeMap) throw new HttpError(400, `go build -pgo would refuse this file: ${PGO_NO_SAMPLE_TYPE}`);
  const hot = hotEdges(edgeMap);
  if (hot.error) throw new HttpError(400, `go build -pgo would refuse this file: ${hot.error}`);
  const { strings, functions } = table.entities;
  const functionNames = new Set(Array.from(functions.name, (n) => strings[n] ?? ""));
  return {
    sha256: createHash("sha256").update(bytes).digest("hex"),
    sizeBytes: bytes.byteLength,
    hot,
    hotKeys: new Set(hot.edges.map((e) => edgeKey(e.caller, e.offset, e.callee))),
    functionNames,
  };
}
