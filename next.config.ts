import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // .next/standalone: the server and only the node_modules it uses, for the Docker image
  // (scripts/standalone.mjs completes it with static files, migrations and scripts/serve.mjs).
  output: "standalone",
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
  experimental: {
    serverActions: { bodySizeLimit: "64mb" },
    // The proxy buffers request bodies; past this size Next would cut them short. Our own limit
    // (FLEETSCOPE_MAX_UPLOAD_BYTES) answers 413 below it, so keep this a little larger.
    proxyClientMaxBodySize: Number(process.env.FLEETSCOPE_MAX_UPLOAD_BYTES ?? 64 * 1024 * 1024) + 1024 * 1024,
  },
};

export default nextConfig;
