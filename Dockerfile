# syntax=docker/dockerfile:1
# ComponentForge API: Python service + the Node.js validator workers, one image.
# Build: docker build -t componentforge .   Run: docker run -p 8000:8000 componentforge
ARG PYTHON_VERSION=3.11
ARG NODE_VERSION=20

# --- validator: the Node workspace's runtime packages (TypeScript, ESLint, React, Radix, axe)
FROM node:${NODE_VERSION}-bookworm-slim AS validator
WORKDIR /app/validator
COPY validator/package.json validator/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force
COPY validator/ ./

# --- build: the package and its dependencies in a virtual environment
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY alembic ./alembic
RUN /opt/venv/bin/pip install .

# --- runtime
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
# libstdc++ for node and onnxruntime; Chromium and fonts for the preview
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libstdc++6 chromium fonts-liberation \
       fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin app \
    && install -d -o app -g app /data
COPY --from=validator /usr/local/bin/node /usr/local/bin/node
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=validator /app/validator ./validator
COPY patterns ./patterns
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/data \
    PATTERNS_DIR=/app/patterns \
    VALIDATOR_DIR=/app/validator \
    PREVIEW_BROWSER=/usr/bin/chromium \
    PROMETHEUS_MULTIPROC_DIR=/tmp/componentforge-metrics \
    WEB_CONCURRENCY=2
# The embedding model ships inside its Python package: load it once here, with no network,
# so a build that lacks it fails now rather than at the first search.
RUN python -c "from componentforge.retrieval.embeddings import LocalMiniLM; LocalMiniLM()" \
    && node --version
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
# Workers: WEB_CONCURRENCY. Their metrics are merged through PROMETHEUS_MULTIPROC_DIR.
CMD ["componentforge", "serve", "--host", "0.0.0.0", "--port", "8000"]
