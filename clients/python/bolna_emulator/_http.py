"""HTTP plumbing for the bolna_emulator helpers: one JSON request with the standard
library, and the exception that carries the emulator's error body. Internal: the public
classes in bolna_emulator.client call it."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Mapping, Optional


class EmulatorError(Exception):
    """A non-2xx answer (or no answer) from the emulator.

    ``status`` is the HTTP status (0 when the connection failed), ``body`` the parsed JSON
    error body (``{"error": ..., "message": ...}``) or the raw text, ``message`` the
    emulator's message when it sent one.
    """

    def __init__(self, method: str, url: str, status: int, body: Any, headers=None):
        self.method = method
        self.url = url
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        if isinstance(body, dict):
            self.message = str(body.get("message", body.get("detail", body)))
        else:
            self.message = str(body)
        super().__init__(f"{method} {url} -> {status}: {self.message}")


def encode_query(query: Optional[Mapping[str, Any]]) -> str:
    if not query:
        return ""
    pairs = []
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        pairs.append((key, str(value)))
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


def request(
    method: str,
    url: str,
    body: Any = None,
    *,
    headers: Optional[Mapping[str, str]] = None,
    timeout: float = 30.0,
    raw: bool = False,
):
    """Sends one request; returns the parsed JSON answer (or text when it is not JSON).

    With ``raw=True`` returns ``(status, headers, text)`` and raises only when there is no
    answer at all. Otherwise a status >= 400 raises EmulatorError.
    """
    data = None
    all_headers = {"Accept": "application/json"}
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, resp_headers, text = resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        status, resp_headers = err.code, dict(err.headers or {})
        text = err.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise EmulatorError(method, url, 0, f"no answer: {reason}") from err
    if raw:
        return status, resp_headers, text
    parsed = _parse(text)
    if status >= 400:
        raise EmulatorError(method, url, status, parsed, resp_headers)
    return parsed


def _parse(text: str):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
