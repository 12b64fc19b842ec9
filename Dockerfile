# syntax=docker/dockerfile:1
# Fleetscope's image: Next's standalone output, completed by scripts/standalone.mjs, run as a
# non-root user. Build: docker build -t fleetscope .   Run: see README "Deploying".

# 1. Dependencies (better-sqlite3 compiles when no prebuilt binary fits).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci

# 2. The production build and the standalone folder.
FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build && node scripts/standalone.mjs

# 3. What runs: the standalone folder only, owned by an unprivileged user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    HOST=0.0.0.0 \
    PORT=3000 \
    FLEETSCOPE_DATA_DIR=/data
RUN groupadd --system --gid 10001 fleetscope \
 && useradd --system --uid 10001 --gid fleetscope --home-dir /app --shell /usr/sbin/nologin fleetscope \
 && mkdir -p /data && chown fleetscope:fleetscope /data
WORKDIR /app
COPY --from=build --chown=fleetscope:fleetscope /app/.next/standalone ./
USER fleetscope
# SQLite and local profile bytes when no DATABASE_URL / PROFILE_BUCKET is set.
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: stop taking requests, finish those in flight (FLEETSCOPE_SHUTDOWN_SECONDS), mark running scans interrupted.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=32", "serve.mjs", "--migrate"]
