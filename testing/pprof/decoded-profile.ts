/**
 * The tests' oracle for reading a profile: pprof-format's object model, checked by validate.ts,
 * beside the server's one checking read (lib/pprof/profile-table.ts). Gunzip and its limits are the
 * server's own (lib/pprof/decode.ts).
 */
import { Profile } from "pprof-format";
import { notAProfileError, profilePayload, type DecodeLimits } from "../../lib/pprof/decode";
import { findStructuralProblem } from "./validate";

/**
 * Decodes a pprof profile: gzip-compressed (magic 1f 8b) or raw protobuf.
 * Throws ProfileDecodeError (status 400, or 413 over the size limit) for
 * anything that is not a usable profile.
 */
export function decodeProfile(bytes: Uint8Array, limits?: DecodeLimits): Profile {
  const { payload, gzipped } = profilePayload(bytes, limits);
  let profile: Profile;
  try {
    profile = Profile.decode(payload);
  } catch (err) {
    throw notAProfileError(payload, gzipped, err instanceof Error ? err.message : String(err));
  }
  const problem = findStructuralProblem(profile);
  if (problem !== undefined) throw notAProfileError(payload, gzipped, problem);
  return profile;
}
