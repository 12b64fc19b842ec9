import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { db } from "@/lib/db/client";
import { authEnabled } from "@/lib/auth/auth-mode";
import { currentPrincipal } from "../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string }> };

/** Only same-site paths: never redirect to another origin after sign-in. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export default async function SignInPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  const enabled = await authEnabled(db());
  const principal = await currentPrincipal();
  if (enabled && principal && principal.kind === "user") redirect(next);
  return (
    <div className="mx-auto max-w-sm space-y-6 pt-8">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      {enabled ? (
        <SignInForm next={next} />
      ) : (
        <p className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700">
          Authentication is not configured: this dashboard answers on loopback only and needs no sign-in. To run it for a team,
          start it with <code>FLEETSCOPE_ADMIN_USER</code> and <code>FLEETSCOPE_ADMIN_PASSWORD</code> set.
        </p>
      )}
    </div>
  );
}
