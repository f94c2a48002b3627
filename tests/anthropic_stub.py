"""A local stand-in for Anthropic's Messages API, for the `anthropic` SDK to talk to.

It speaks the API's shapes as the SDK sees them: the key in `x-api-key` (or as a Bearer
token, which this SDK version sends), a Message
(`{"id", "type": "message", "role", "model", "content": [{"type": "text", "text"}],
"stop_reason", "usage": {input_tokens, output_tokens, cache_creation_input_tokens,
cache_read_input_tokens}}`), the error envelope `{"type": "error", "error": {"type",
"message"}}` with 429 `rate_limit_error` and 529 `overloaded_error` (with `retry-after-ms`),
and the Message Batches lifecycle: POST /v1/messages/batches (in_progress), GET
/v1/messages/batches/{id} (ended after `batch_polls` retrievals, with a `results_url`), and
the results as JSON Lines of `{"custom_id", "result": {"type": "succeeded", "message"}}`.

The answer is made from the request: the structured output's JSON schema names the fields,
and each gets a text derived from the prompt's product title and language, so a test can
tell which product and language a draft was written for. Prompt caching is imitated: the
first request with a given system prompt reports cache_creation_input_tokens, later ones
cache_read_input_tokens, when the last system block carries cache_control.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "sk-ant-test-stub"
INPUT_TOKENS = 120
OUTPUT_TOKENS = 80
SYSTEM_TOKENS = 300


class AnthropicStub:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []  # every POST /v1/messages body that succeeded
        self.attempts = 0  # every POST /v1/messages, failures included
        self.failures: list[int] = []  # statuses to answer before succeeding, in order
        self.batch_polls = 2
        self.batches: dict[str, dict[str, Any]] = {}
        self.batch_results: dict[str, list[dict[str, Any]]] = {}
        self.cached: set[str] = set()
        self.base_url = ""
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- the answer ---
    def _message(self, body: dict[str, Any]) -> dict[str, Any]:
        prompt = body["messages"][0]["content"]
        title = json.loads(prompt.split("\n", 3)[3])["title"]
        language = re.search(r"Language: (\S+)", prompt).group(1)  # type: ignore[union-attr]
        schema = body["output_config"]["format"]["schema"]
        answer: dict[str, Any] = {}
        for name in schema["properties"]:
            if name == "tags":
                answer[name] = [f"{language}-tag", "gift"]
            elif name == "description_html":
                answer[name] = f'<p onclick="x()">{language}: {title}</p><script>bad()</script>'
            else:
                answer[name] = f"{name} {language}: {title}"
        system = json.dumps(body.get("system", ""), sort_keys=True)
        usage = {
            "input_tokens": INPUT_TOKENS,
            "output_tokens": OUTPUT_TOKENS,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        }
        blocks = body.get("system") or []
        if blocks and isinstance(blocks, list) and "cache_control" in blocks[-1]:
            with self._lock:
                key = (
                    "cache_read_input_tokens"
                    if system in self.cached
                    else ("cache_creation_input_tokens")
                )
                self.cached.add(system)
            usage[key] = SYSTEM_TOKENS
        return {
            "id": f"msg_{len(self.requests):06d}",
            "type": "message",
            "role": "assistant",
            "model": body["model"],
            "content": [{"type": "text", "text": json.dumps(answer)}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": usage,
        }

    # --- the server ---
    def start(self) -> str:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, type_: str, message: str) -> None:
                body = {"type": "error", "error": {"type": type_, "message": message}}
                self._send(status, body, {"retry-after-ms": "10"})

            def _authorised(self) -> bool:
                given = self.headers.get("x-api-key") or self.headers.get(
                    "authorization", ""
                ).removeprefix("Bearer ")
                if given != API_KEY:
                    self._error(401, "authentication_error", "invalid x-api-key")
                    return False
                return True

            def do_POST(self) -> None:
                if not self._authorised():
                    return None
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length))
                if self.path == "/v1/messages":
                    with stub._lock:
                        stub.attempts += 1
                        failure = stub.failures.pop(0) if stub.failures else None
                    if failure == 429:
                        return self._error(429, "rate_limit_error", "Number of requests exceeded")
                    if failure == 529:
                        return self._error(529, "overloaded_error", "Overloaded")
                    if failure:
                        return self._error(failure, "api_error", "Internal server error")
                    stub.requests.append(body)
                    return self._send(200, stub._message(body))
                if self.path == "/v1/messages/batches":
                    with stub._lock:
                        batch_id = f"msgbatch_{len(stub.batches):04d}"
                        stub.batches[batch_id] = {"polls": 0, "requests": body["requests"]}
                    return self._send(200, stub._batch(batch_id))
                return self._error(404, "not_found_error", self.path)

            def do_GET(self) -> None:
                if not self._authorised():
                    return None
                match = re.fullmatch(r"/v1/messages/batches/([\w]+)(/results)?", self.path)
                if not match or match.group(1) not in stub.batches:
                    return self._error(404, "not_found_error", self.path)
                batch_id = match.group(1)
                if match.group(2):
                    lines = [json.dumps(r) for r in stub._results(batch_id)]
                    return self._send(200, ("\n".join(lines) + "\n").encode())
                with stub._lock:
                    stub.batches[batch_id]["polls"] += 1
                return self._send(200, stub._batch(batch_id))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _batch(self, batch_id: str) -> dict[str, Any]:
        state = self.batches[batch_id]
        ended = state["polls"] >= self.batch_polls
        count = len(state["requests"])
        return {
            "id": batch_id,
            "type": "message_batch",
            "processing_status": "ended" if ended else "in_progress",
            "request_counts": {
                "processing": 0 if ended else count,
                "succeeded": count if ended else 0,
                "errored": 0,
                "canceled": 0,
                "expired": 0,
            },
            "created_at": "2026-11-25T00:00:00Z",
            "expires_at": "2026-11-26T00:00:00Z",
            "ended_at": "2026-11-25T00:01:00Z" if ended else None,
            "archived_at": None,
            "cancel_initiated_at": None,
            "results_url": f"{self.base_url}/v1/messages/batches/{batch_id}/results"
            if ended
            else None,
        }

    def _results(self, batch_id: str) -> list[dict[str, Any]]:
        if batch_id not in self.batch_results:
            self.batch_results[batch_id] = [
                {
                    "custom_id": r["custom_id"],
                    "result": {"type": "succeeded", "message": self._message(r["params"])},
                }
                for r in self.batches[batch_id]["requests"]
            ]
        return self.batch_results[batch_id]
