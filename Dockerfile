# The image of `chaosflow serve`, the trigger service the Helm chart (charts/chaosflow) deploys: the bundled
# library (lib/, built in its own stage with the dev dependencies) and the production dependencies only.
# test/e2e/image-layout.e2e.test.ts reproduces this file's layout and runs the CLI from it.
ARG NODE_IMAGE=node:20.19-alpine3.22

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json rolldown.config.mjs ./
RUN npm ci --ignore-scripts
COPY bin/run-ts.js ./bin/
COPY scripts/hub-snapshot.ts ./scripts/
COPY src/ ./src/
COPY hub/ ./hub/
RUN npm run build

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
 && npm cache clean --force

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.source="https://github.com/chaosflow/chaosflow" \
      org.opencontainers.image.title="chaosflow" \
      org.opencontainers.image.description="The chaosflow trigger service: runs chaos experiments when workloads change, and syncs them from git." \
      org.opencontainers.image.licenses="Apache-2.0"
# The GitOps sync runs the git CLI (ssh for ssh URLs); tini forwards signals and reaps git's children.
# npm, npx, corepack and yarn are never run here: removed, they cannot be exploited or flagged by scanners.
# ssh refuses to run for a uid that /etc/passwd does not name, so the runtime user gets an entry.
RUN apk add --no-cache git openssh-client tini \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg \
 && addgroup -S -g 10001 chaosflow \
 && adduser -S -D -H -u 10001 -G chaosflow -h /tmp -s /sbin/nologin chaosflow
# The root filesystem is read-only: /tmp is the pod's writable emptyDir. git and ssh need a HOME; jiti, which
# loads the experiment files of the GitOps working copy, keeps its transform cache in $TMPDIR/jiti
# (JITI_FS_CACHE only turns that cache on or off, it takes no path).
# serve makes much short-lived garbage (list pages, watch events): V8's default young generation (16 MiB
# semi-spaces) holds it as ~30 MiB more memory while serve starts; 2 MiB semi-spaces do not (bench:trigger).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=2 \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bin/chaosflow.js ./bin/
COPY --from=build /app/lib ./lib
COPY hub/ ./hub/
COPY templates/ ./templates/
# Numeric, so the kubelet can check runAsNonRoot; the chart runs it as 10001:10001 too.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/sbin/tini", "--", "node", "/app/bin/chaosflow.js"]
CMD ["serve"]
