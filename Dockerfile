# The worker image (also used for migrations and the cchc CLI: docker compose run --rm worker npx cchc ...).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts/prisma.js scripts/prisma.js
COPY prisma prisma
COPY prisma.config.ts ./
COPY worker/defaults.json worker/defaults.json
RUN npm ci --no-audit --no-fund
COPY . .
# SIGTERM from `docker compose stop` lets the worker finish in-flight activities (stop_grace_period).
CMD ["node", "--require", "tsx/cjs", "worker/main.ts"]
