import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { DemoBanner } from "@/components/demo-banner";
import { appConfig } from "@/lib/config/env";
import { Providers } from "./providers";
import { currentPrincipal } from "./_lib/current-principal";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Fleetscope", template: "%s · Fleetscope" },
  description: "PGO profiles and fleet audits for Go services on AWS",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page dynamic, so each response gets its own CSP nonce.
  const principal = await currentPrincipal();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          {appConfig().demo ? <DemoBanner /> : null}
          <AppHeader principal={principal} />
          <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
