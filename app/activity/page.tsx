import { db } from "@/lib/db/client";
import { listActivity } from "@/lib/auth/activity";
import { SettingsNav } from "@/components/settings-nav";
import { ActivityTable } from "@/components/activity-table";
import { currentPrincipal } from "../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Activity" };

export default async function ActivityPage() {
  const [entries, principal] = await Promise.all([listActivity(db()), currentPrincipal()]);
  return (
    <div className="space-y-6">
      {principal?.role === "operator" ? <SettingsNav current="activity" /> : null}
      <div>
        <h1 className="text-2xl font-semibold">Activity</h1>
        <p className="text-sm text-slate-600">Who uploaded, deleted, merged, scanned, signed in, or changed users and tokens; newest first (last 500).</p>
      </div>
      <ActivityTable entries={entries} />
    </div>
  );
}
