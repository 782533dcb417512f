"""`manage.py export_openapi docs/api/openapi.json`: publish the API's OpenAPI schema as a file."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from api.site import api


class Command(BaseCommand):
    help = "Write the /api/v1/ OpenAPI schema (JSON) to a file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="docs/api/openapi.json")

    def handle(self, *args, path: str, **options):
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(schema, indent=2, sort_keys=True, default=str) + "\n")
        self.stdout.write(f"wrote {out} ({len(schema['paths'])} paths)")
