import { headers } from "next/headers";
import { decodePrincipal, PRINCIPAL_HEADER } from "@/lib/auth/principal-header";
import { decide, type Access, type Principal } from "@/lib/auth/roles";

/** The caller of the page or server action being rendered, as the proxy authenticated it. */
export async function currentPrincipal(): Promise<Principal | null> {
  return decodePrincipal((await headers()).get(PRINCIPAL_HEADER));
}

/** For server actions: check the caller again where the change happens. */
export async function requireAccess(access: Access): Promise<Principal> {
  const principal = await currentPrincipal();
  const decision = decide(principal, access);
  if (!decision.ok || !principal) throw new Error(decision.ok ? "authentication required" : decision.error);
  return principal;
}
