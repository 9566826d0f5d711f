"""What the two streaming endpoints (/api/chat with `Accept: text/event-stream`, /v1/chat/completions with
`stream: true`) share: how a finished reply is cut into pieces, and how the stream is described in OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# The same answer may come as server-sent events.
STREAMED: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "object",
                    "description": "one server-sent event; `data` is JSON, or [DONE] at the end",
                    "required": ["data"],
                    "properties": {"event": {"type": "string"}, "data": {"type": "string"}},
                }
            }
        }
    }
}


def reply_pieces(reply: str, words_per_piece: int = 4) -> Iterator[str]:
    """The reply a few words at a time; joined back together they are the reply exactly."""
    words = reply.split(" ")
    for start in range(0, len(words), words_per_piece):
        piece = " ".join(words[start : start + words_per_piece])
        yield piece + " " if start + words_per_piece < len(words) else piece
