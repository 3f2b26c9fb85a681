# Confab in a container: the built widget, console and server, production dependencies only,
# running as the image's unprivileged `node` user. Build: docker build -t confab .
# Run:   docker run -p 3000:3000 -v confab-data:/data confab
# (the README's "Docker" section; docker-compose.yml runs two nodes behind nginx).

ARG NODE_IMAGE=node:20-bookworm-slim

# Compilers for better-sqlite3, which builds from source when no prebuilt binary is reachable.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# Everything, to build the widget (Vite), the console and the server (tsc).
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# The production dependencies alone, compiled for the final image's Node.js.
FROM toolchain AS production-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    CONFAB_DEMO=false
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY demo ./demo
RUN mkdir -p /data && chown node:node /data
USER node
# SQLite's database, generated secrets and uploads (with DATABASE_URL: secrets and uploads).
VOLUME ["/data"]
EXPOSE 3000
# Alive: the process answers and reaches its store. /readyz is for load balancers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains the node (README: "Shutdown"); give docker stop more than CONFAB_SHUTDOWN_TIMEOUT_SECONDS.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/server/main.js"]
