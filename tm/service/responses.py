"""Response helpers: JSONP for amaGama clients, lenient integer arguments, JSON-ready values."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from fastapi.responses import Response

from tm.service.errors import ApiError

_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$")


def int_arg(value: str | None, default: int) -> int:
    """amaGama reads integer arguments leniently: anything unparsable means the default."""
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def json_or_jsonp(body: Any, callback: str | None) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    if callback:
        if not _CALLBACK.match(callback) or len(callback) > 100:
            raise ApiError(400, "jsoncallback must be a JavaScript identifier")
        return Response(f"{callback}({text})", media_type="application/javascript")
    return Response(text, media_type="application/json")


def plain(value: Any) -> Any:
    """Dataclasses, sets and tuples as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    return value
