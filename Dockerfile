# The worker image (also used for migrations and the cchc CLI:
#   docker compose run --rm worker node bin/cchc.js …   and   node scripts/prisma.js migrate deploy).
# Three stages: build (all dependencies, compile, bundle the workflows), production dependencies,
# and the runtime image, which carries only what production runs: dist/ (the compiled worker and CLI,
# the Prisma client generated into them, the prebuilt workflow bundle), production node_modules, and
# the Prisma schema, migrations and config for `migrate deploy`. No sources, no tests, no .env.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: no dependency script is needed to build, and the Prisma client is
# generated below without its engine downloads (scripts/prisma.js).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN node scripts/prisma.js generate && npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json prisma.config.ts ./
COPY bin/cchc.js bin/cchc.js
COPY scripts/prisma.js scripts/prisma.js
COPY config/defaults.json config/defaults.json
COPY prisma/schema.prisma prisma/schema.prisma
COPY prisma/migrations prisma/migrations
# The report regimes the CLI and the worker read, and the province's unit files the README imports.
COPY regimes regimes
COPY prisma/seed prisma/seed
# The placeholder engine paths scripts/prisma.js points the Prisma CLI at, made here: the
# application user cannot write to /app.
RUN mkdir -p .tools/prisma-placeholders \
  && touch .tools/prisma-placeholders/schema-engine .tools/prisma-placeholders/libquery_engine.so.node
USER node
# SIGTERM from `docker compose stop` lets the worker finish in-flight activities (stop_grace_period).
CMD ["node", "dist/worker.js"]
