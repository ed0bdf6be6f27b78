# Callboard's images (docker-compose.yml, docs/deployment.md, ADR 0040). One build stage, three targets:
#   backend  the API, the web app and the workers     node backend/dist/main.js
#   bridge   the PBX bridge (Kamailio -> backend)      node pbx-bridge/dist/main.js
#   pbx      Kamailio and rtpengine (Debian 12's packages); the compose file picks which one a
#            container runs: node pbx-bridge/kamailio/kamailio.mjs start | rtpengine.mjs start
# Every step runs a script `npm test` runs too (scripts/image.mjs calls scripts/lib/setup.mjs);
# scripts/compose.spec.ts fails when a step calls anything else.
FROM node:20-bookworm AS build
WORKDIR /app
# the manifests first: the dependency layer is rebuilt only when one of them changes
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY backend/package.json backend/
COPY pbx-bridge/package.json pbx-bridge/
COPY frontend/package.json frontend/
COPY test/package.json test/
COPY scripts/image.mjs scripts/
COPY scripts/lib/setup.mjs scripts/lib/
RUN node scripts/image.mjs deps
COPY . .
RUN node scripts/image.mjs build
ENV NODE_ENV=production

FROM build AS backend
EXPOSE 3000
CMD ["node", "backend/dist/main.js"]

FROM build AS bridge
CMD ["node", "pbx-bridge/dist/main.js"]

FROM build AS pbx
RUN node scripts/image.mjs packages sip-server
CMD ["node", "pbx-bridge/kamailio/kamailio.mjs", "start"]
