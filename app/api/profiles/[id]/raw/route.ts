import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { readProfileBytes } from "@/lib/profiles/queries";
import { profileRows } from "@/lib/profiles/profile-rows";
import { profileFileName } from "@/lib/profiles/file-name";

export const GET = route<{ id: string }>(async (_request, { id }) => {
  const deps = profileDeps();
  const { profile, bytes } = await readProfileBytes(deps.db, deps.blobs, id, profileRows());
  return new Response(bytes as BodyInit, {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(bytes.byteLength),
      "content-disposition": `attachment; filename="${profileFileName(profile, bytes)}"`,
      "x-content-sha256": profile.sha256,
    },
  });
});
