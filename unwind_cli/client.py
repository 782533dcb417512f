"""A small client for /api/v1/ (urllib) and where its token is kept."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


class ApiError(Exception):
    """The server refused the request; `status` is the HTTP code, the message its detail."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status


def config_path() -> Path:
    """$UNWIND_CONFIG, or ~/.config/unwind/config.json."""
    explicit = os.environ.get("UNWIND_CONFIG")
    return Path(explicit) if explicit else Path.home() / ".config" / "unwind" / "config.json"


def load_config() -> dict[str, str]:
    path = config_path()
    return json.loads(path.read_text()) if path.exists() else {}


def save_config(url: str, token: str) -> Path:
    """Store the site and token, readable by the user alone."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"url": url.rstrip("/"), "token": token}, out)
    return path


class Client:
    def __init__(self, url: str, token: str, timeout: float = 30.0):
        self.base = url.rstrip("/") + "/api/v1/"
        self.token = token
        self.timeout = timeout

    def get(self, path: str) -> Any:
        return self._call("GET", path)

    def post(self, path: str, body: dict) -> Any:
        return self._call("POST", path, body)

    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path.lstrip("/"), data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            try:
                detail = json.loads(exc.read()).get("detail", exc.reason)
            except (ValueError, AttributeError):
                detail = exc.reason
            raise ApiError(exc.code, str(detail)) from None
        return json.loads(raw) if raw else None
