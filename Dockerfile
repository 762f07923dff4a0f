# One image for the bot and the worker: `docker run standpoint` runs a worker,
# `docker run standpoint dist/bot/main.js` the bot (see docker-compose.yml).

# Build: the TypeScript compiled once, with the dev dependencies only this stage has.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY core ./core
COPY bot ./bot
COPY worker ./worker
COPY prompts ./prompts
RUN npm run build

# Runtime: production dependencies and the compiled code, run as the unprivileged `node` user.
FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
# Workers answer /healthz here when STANDPOINT_HEALTH_PORT is set.
EXPOSE 9464
ENTRYPOINT ["node"]
CMD ["dist/worker/main.js"]
