# hlbot in a container (for users with Docker; the suite itself needs no Docker).
# docker build -t hlbot . && docker compose up
FROM node:20-bookworm-slim

RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client curl jq ca-certificates \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/hlbot
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts=false
COPY . .

RUN useradd --system --home /opt/hlbot --shell /usr/sbin/nologin hlbot \
  && mkdir -p /opt/hlbot/var /var/log/hlbot \
  && chown -R hlbot:hlbot /opt/hlbot/var /var/log/hlbot
USER hlbot

ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 WEB_PORT=3000 SECURITY_LOG_FILE=/var/log/hlbot/security.log
EXPOSE 8000 3000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8000/api/health || exit 1
CMD ["node", "bin/hlbot.js", "start"]
