# Two images: `app`, the services (the compose file picks the command), and `edge`, nginx serving the
# built frontend (with the .gz and .br the build writes beside each asset) and proxying /api to the gateway.
FROM node:20-bookworm-slim AS frontend
# Package mirrors (docs/operations.md, "Package mirrors"): unset unless given with --build-arg.
ARG NPM_CONFIG_REGISTRY
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# The TLS edge: the image's entrypoint renders deploy/nginx/shigu.conf.template (envsubst of EDGE_*) into
# conf.d at start; the built SPA is its static root. Its own default site is removed (it would answer
# on port 80 before ours).
FROM nginx:1.28-alpine AS edge
RUN rm -f /etc/nginx/conf.d/default.conf
COPY deploy/nginx/shigu.conf.template /etc/nginx/templates/shigu.conf.template
COPY --from=frontend /src/frontend/dist /usr/share/nginx/html

FROM python:3.11-slim-bookworm AS app
# PIP_INDEX_URL for `pip install uv`; PYPI_FILES_MIRROR replaces files.pythonhosted.org in this image's copy
# of uv.lock (`uv sync --frozen` fetches the lock's URLs whatever index is configured; the hashes still check).
ARG PIP_INDEX_URL
ARG PYPI_FILES_MIRROR
ENV PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy PATH="/app/.venv/bin:$PATH"
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN if [ -n "$PYPI_FILES_MIRROR" ]; then sed -i "s#https://files.pythonhosted.org#${PYPI_FILES_MIRROR%/}#g" uv.lock; fi \
    && uv sync --frozen --no-dev --no-install-project
COPY services/ services/
COPY migrations/ migrations/
COPY scripts/ scripts/
RUN uv sync --frozen --no-dev
COPY --from=frontend /src/frontend/dist frontend/dist
# /run/meili-keys: a fresh compose volume mounted there takes this owner (matching's scoped keys).
RUN useradd --system --uid 10001 shigu && mkdir -p /app/var /run/meili-keys && chown shigu /app/var /run/meili-keys
USER shigu
EXPOSE 8000 8001 8002 8003
# kit.serve runs uvicorn without believing X-Forwarded-For unless <SERVICE>_TRUSTED_PROXIES is set.
CMD ["python", "-m", "kit.serve", "gateway", "--host", "0.0.0.0", "--port", "8000"]
