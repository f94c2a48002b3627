# syntax=docker/dockerfile:1
# The API image: `edestory serve` on port 8000, configured entirely by the environment
# (DATABASE_URL, DATABASE_OWNER_URL, REDIS_URL, EDESTORY_JWT_SECRET; see README.md), one API
# process per core the container may use unless `--workers N` is given. The same image runs
# `edestory migrate` as a one-shot and `edestory worker` as a service of its own, whose
# health check is `edestory worker --check` (docker-compose.yml).

ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /app
# Dependencies in their own layer: they change far less often than the code.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt
COPY app ./app
COPY jobs ./jobs
# Editable, so the package is imported from /app: app/db/migrate.py finds alembic.ini and
# migrations/ next to it. The runtime stage puts the same files at the same paths.
RUN pip install --no-deps -e .

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    EDESTORY_ENV=production
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin edestory
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations ./migrations
COPY jobs ./jobs
COPY app ./app
# Compiled once here: the code is owned by root and read-only for the service user.
RUN python -m compileall -q app jobs migrations
USER edestory
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
CMD ["edestory", "serve", "--host", "0.0.0.0", "--port", "8000"]
