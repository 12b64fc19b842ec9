import type { ProfileDto } from "./profile-dto";

/** A download file name such as `users-20261123T101500Z-1a2b3c4d.pb.gz` (service names are already safe). */
export function profileFileName(profile: Pick<ProfileDto, "service" | "capturedAt" | "sha256">, bytes: Uint8Array): string {
  const stamp = profile.capturedAt.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return `${profile.service}-${stamp}-${profile.sha256.slice(0, 8)}.${gzipped ? "pb.gz" : "pb"}`;
}
