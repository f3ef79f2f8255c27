# pivbot: one image for the bot (and its CLI: migrate, rotate-keys, sandbox).
# Stage `build` turns the sources into a wheel; the runtime stage installs only that wheel (no
# sources, no build tools) and runs it as a non-root user. tests/test_installed_package.py reads
# this file and runs the build stage's COPY sources and every `RUN pip …` line (offline), then
# starts the installed bot from an unrelated directory: keep pip commands on RUN lines of their own.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY locales ./locales
RUN pip wheel --no-deps -w dist .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /src/dist ./dist
RUN pip install dist/*.whl
RUN rm -r dist && useradd --system --home /app pivbot && mkdir -p /app/data \
    && chown pivbot /app/data

USER pivbot
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)" || exit 1
CMD ["python", "-m", "bot"]
