"""An OpenAI-compatible chat-completions stub for offline tests against a real OpenClaw gateway (loopback only,
standard library only). Extends ../shared/openclaw-lab/stub_model.py: by default it streams
"echo: <last user text>" word by word (OpenClaw's internal-context user messages are skipped); case-sensitive
markers in the LAST user message pick another kind of turn:

  [tool:read]     first request: streamed `tool_calls` deltas calling the built-in `read` tool with
                  {"path":"NOTES.md"} (arguments split over several deltas), finish_reason "tool_calls";
                  follow-up request (a role "tool" message after that user message): a text answer quoting
                  the first line of the tool's output.
  [think]         `reasoning_content` deltas (a few sentences) before the `content` answer.
  [http:500]      HTTP 500 with a JSON error body the first N times for that message ([http:500x2] -> N=2,
  [http:429]      default N=1), then a normal answer. 429 carries `retry-after: 1`. Counters live in memory.
  [slow]          stream at SLOW_S (default 0.3 s) a word, so a test can act mid-stream.

Usage: a `usage` object rides on the final chunk when the request has stream_options.include_usage, and always
on non-stream answers. GET /v1/models lists "echo". Every request is appended as one JSON line to the file named by
STUB_MODEL_LOG (if set), so tests can see what the gateway sent.
Usage: python3 stub_model.py PORT [DELAY_S] [SLOW_S]"""
import json, os, re, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 18911
DELAY = float(sys.argv[2]) if len(sys.argv) > 2 else 0.02
SLOW = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3
MAX_BODY = 16 * 1024 * 1024   # refuse bigger requests
MAX_WORDS = 400               # bound what one answer streams
MAX_COUNTERS = 1000           # bound the per-message failure counters
LOG = os.environ.get("STUB_MODEL_LOG")

failures = {}                 # (status, message text) -> failures answered so far
lock = threading.Lock()

THINKING = ("The user wants me to think first. I should consider what they asked. "
            "Nothing here needs a tool, so a short answer will do. I will reply with the echo.")


def text_of(content):
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


INTERNAL = re.compile(r"<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>.*?<<<END_OPENCLAW_INTERNAL_CONTEXT>>>", re.S)


def last_user(messages):
    """The last user message the person wrote. With tools on, OpenClaw appends a user message holding only an
    internal-context block ("Active exec sessions: ..."): skip those."""
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].get("role") == "user":
            text = INTERNAL.sub("", text_of(messages[i].get("content"))).strip()
            if text:
                return i, text
    return -1, ""


def tool_result_after(messages, index):
    """The text of the first role "tool" message after the last user message, or None."""
    for m in messages[index + 1:]:
        if m.get("role") == "tool":
            return text_of(m.get("content"))
    return None


def read_tool_name(tools):
    """The gateway's name for its read tool (it is "read" in 2026.9.6); falls back to "read"."""
    for t in tools or []:
        name = (t.get("function") or {}).get("name", "")
        if name.lower() == "read":
            return name
    return "read"


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def words(text):
    return text.split(" ")[:MAX_WORDS]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send_json(self, code, obj, headers=()):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.rstrip("/").endswith("/models"):
            return self.send_json(200, {"object": "list", "data": [{"id": "echo", "object": "model", "owned_by": "stub"}]})
        self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        n = int(self.headers.get("content-length") or 0)
        if n > MAX_BODY:
            self.close_connection = True
            return self.send_json(413, {"error": {"message": "request too large", "type": "invalid_request_error"}})
        try:
            req = json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            return self.send_json(400, {"error": {"message": "invalid JSON", "type": "invalid_request_error"}})
        if LOG:
            try:
                with lock, open(LOG, "a") as f:
                    f.write(json.dumps({"at": time.time(), "request": req}) + "\n")
            except OSError:
                pass
        messages = req.get("messages") or []
        index, user = last_user(messages)

        # Scripted failures, counted per (status, message).
        m = re.search(r"\[http:(500|429)(?:x(\d+))?\][^\n]*", user)
        if m:
            # Keyed by the marker's line from the marker on: the gateway's retry rewraps the message ("[Queued user
            # message from a previous active turn; ...]") and its timestamp prefix changes.
            status, times = int(m.group(1)), int(m.group(2) or 1)
            key = (status, m.group(0))
            with lock:
                seen = failures.get(key, 0)
                if seen < times:
                    if len(failures) >= MAX_COUNTERS:
                        failures.clear()
                    failures[key] = seen + 1
                    fail = True
                else:
                    fail = False
            if fail:
                if status == 429:
                    return self.send_json(429, {"error": {"message": "stub: rate limited (%d/%d)" % (seen + 1, times),
                                                          "type": "rate_limit_error", "code": "rate_limit_exceeded"}},
                                          [("retry-after", "1")])
                return self.send_json(500, {"error": {"message": "stub: internal error (%d/%d)" % (seen + 1, times),
                                                      "type": "server_error", "code": "internal_error"}})

        delay = SLOW if "[slow]" in user else DELAY
        reasoning = THINKING if "[think]" in user else ""
        tool_call = None
        if "[tool:read]" in user:
            result = tool_result_after(messages, index)
            if result is None:
                tool_call = {"id": "call_stub_%d" % int(time.time() * 1000), "name": read_tool_name(req.get("tools")),
                             "arguments": json.dumps({"path": "NOTES.md"})}
                text = ""
            else:
                text = "The first line of NOTES.md is: " + first_line(result)
        else:
            text = "echo: " + user

        model = req.get("model", "echo")
        cid = "chatcmpl-stub-%d" % int(time.time() * 1000)
        out_words = words(text) if text else []
        usage = {"prompt_tokens": max(1, sum(len(text_of(m.get("content")).split()) for m in messages)),
                 "completion_tokens": len(out_words) + len(reasoning.split()) + (8 if tool_call else 0)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]

        if not req.get("stream"):
            message = {"role": "assistant", "content": " ".join(out_words) if text else None}
            if reasoning:
                message["reasoning_content"] = reasoning
            if tool_call:
                message["tool_calls"] = [{"id": tool_call["id"], "type": "function",
                                          "function": {"name": tool_call["name"], "arguments": tool_call["arguments"]}}]
            return self.send_json(200, {"id": cid, "object": "chat.completion", "created": int(time.time()), "model": model,
                                        "choices": [{"index": 0, "message": message,
                                                     "finish_reason": "tool_calls" if tool_call else "stop"}],
                                        "usage": usage})

        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("connection", "close")
        self.end_headers()
        self.close_connection = True

        def chunk(delta, finish=None, with_usage=False):
            obj = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            if with_usage:
                obj["usage"] = usage
            self.wfile.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
            self.wfile.flush()

        try:
            chunk({"role": "assistant", "content": ""})
            if reasoning:
                for i, w in enumerate(reasoning.split(" ")):
                    chunk({"reasoning_content": (" " if i else "") + w})
                    time.sleep(delay)
            if tool_call:
                # As real models do: id/name first, then the arguments JSON in pieces.
                args = tool_call["arguments"]
                chunk({"tool_calls": [{"index": 0, "id": tool_call["id"], "type": "function",
                                       "function": {"name": tool_call["name"], "arguments": ""}}]})
                for piece in (args[:2], args[2:9], args[9:15], args[15:]):
                    if piece:
                        chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
                        time.sleep(delay)
                finish = "tool_calls"
            else:
                for i, w in enumerate(out_words):
                    chunk({"content": (" " if i else "") + w})
                    time.sleep(delay)
                finish = "stop"
            include_usage = bool((req.get("stream_options") or {}).get("include_usage"))
            if include_usage:
                # OpenAI sends the finish chunk, then a usage-only chunk with empty choices.
                chunk({}, finish)
                obj = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                       "choices": [], "usage": usage}
                self.wfile.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
            else:
                chunk({}, finish)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the gateway aborted the stream


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


Server(("127.0.0.1", PORT), Handler).serve_forever()
