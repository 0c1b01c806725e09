# One image for the three services; the compose file picks the command.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy PATH="/app/.venv/bin:$PATH"
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY services/ services/
COPY migrations/ migrations/
COPY scripts/ scripts/
RUN uv sync --frozen --no-dev
COPY --from=frontend /src/frontend/dist frontend/dist
RUN useradd --system --uid 10001 shigu && mkdir -p /app/var && chown shigu /app/var
USER shigu
EXPOSE 8000 8001 8002
# kit.serve runs uvicorn without believing X-Forwarded-For unless <SERVICE>_TRUSTED_PROXIES is set.
CMD ["python", "-m", "kit.serve", "gateway", "--host", "0.0.0.0", "--port", "8000"]
