"""Size limits enforced before the app reads a request."""

from __future__ import annotations

from tm.service.errors import BodyTooLarge, error_response, too_large

DEFAULT_MAX_BODY = 10 * 1024 * 1024  # bytes of a request body
MAX_URL = 16 * 1024  # bytes of path + query string


class LimitMiddleware:
    """Refuses oversized requests before the app reads them: a body over ``max_body`` bytes
    (413, whether announced by Content-Length or streamed) and a URL over MAX_URL bytes (414)."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        url_len = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_len > MAX_URL:
            return await error_response(414, f"the URL is {url_len} bytes long; the limit is {MAX_URL}")(scope, receive, send)
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    return await error_response(400, "bad Content-Length")(scope, receive, send)
                if announced > self.max_body:
                    return await too_large(self.max_body)(scope, receive, send)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await too_large(self.max_body)(scope, receive, send)
