"""A small HTTP client for the consumer check: a cookie session (Label Studio's login form, Django's CSRF
token) or a token header (doccano), JSON in and out, multipart uploads. Standard library only, so that the
check runs in our own environment while the tools run in theirs."""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any


class Client:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.headers: dict[str, str] = {}

    def csrf(self) -> str | None:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), None)

    def request(self, method: str, path: str, *, body: bytes | None = None, content_type: str | None = None) -> bytes:
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        if self.csrf():
            headers["X-CSRFToken"] = self.csrf()
            headers["Referer"] = self.base + "/"
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=600) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path}: HTTP {exc.code}: {exc.read()[:500]!r}") from None

    def json(self, method: str, path: str, data: Any = None) -> Any:
        body = None if data is None else json.dumps(data, ensure_ascii=False).encode("utf-8")
        raw = self.request(method, path, body=body, content_type="application/json" if body is not None else None)
        return json.loads(raw) if raw.strip() else None

    def form(self, path: str, fields: dict[str, str]) -> bytes:
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body=body, content_type="application/x-www-form-urlencoded")

    def upload(self, path: str, field: str, name: str, content: bytes, extra: dict[str, str] | None = None) -> bytes:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in (extra or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body=body, content_type=f"multipart/form-data; boundary={boundary}")

    def wait(self, path: str, seconds: float = 180) -> None:
        """Until the server answers `path` (any status but a refused connection)."""
        end = time.monotonic() + seconds
        while True:
            try:
                self.request("GET", path)
                return
            except RuntimeError:
                return  # it answered, with an error status
            except OSError:
                if time.monotonic() > end:
                    raise
                time.sleep(1)
