# One image for web and worker. Built data lives in a volume (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app/platform:/app \
    DJANGO_SETTINGS_MODULE=unwind.settings UNWIND_DATA_DIR=/data UNWIND_VAR_DIR=/var/unwind
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home unwind && mkdir -p /data /var/unwind && chown unwind /data /var/unwind
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER unwind
EXPOSE 8000
CMD ["gunicorn", "unwind.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4"]
