# syntax=docker/dockerfile:1
# Build stage: install everything, compile TypeScript to dist/ and the web console to dist/ui/.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ui ./ui
RUN npm ci

# Runtime stage: production dependencies and the compiled code only, run as the unprivileged `node` user.
FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    LLM_PROXY_CONFIG=/app/config.yaml
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# The shipped config; mount your own over it: -v $PWD/config.yaml:/app/config.yaml:ro
COPY config.yaml ./config.yaml
USER node
EXPOSE 8787
HEALTHCHECK --interval=15s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js"]
