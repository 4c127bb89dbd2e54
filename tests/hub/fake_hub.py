#!/usr/bin/env python3
"""A Hugging Face Hub look-alike on 127.0.0.1 for owl's tests and benchmark.

Serves a fixture root laid out as ROOT/ORG/NAME/<files> in the shapes the
Hub's own clients (huggingface_hub, huggingface.js) expect: model info with
siblings (`?blobs=true` adds size and lfs), resolve with ranges, ETags,
X-Repo-Commit, a redirect to a "CDN" path for LFS files, and the
X-Error-Code errors. Faults come from a JSON file re-read on every request
(see FAULTS below), so a test can change them mid-run without a restart.
Python's standard library only; started and stopped by the tests.

Usage: fake_hub.py --root DIR [--config FILE] [--log FILE] [--latency-ms N]
                   [--inflight-dir DIR] [--tls] [--http2] [--cert-out FILE] [--cdn-host HOST]
Prints the port it listens on (one line) once it accepts connections.
With --http2 (implies --tls) that port is an HTTP/2 front, tests/hub/h2_front.js
under node, which passes every stream on to this server over HTTP/1.1.

FAULTS (the --config file, all keys optional):
  {"repos": {"ORG/NAME": {"gated": "manual", "private": true,
                          "tokens": ["hf_ok"], "createdAt": "2024-05-01T00:00:00.000Z"}},
   "faults": [{"repo": "ORG/NAME", "path": "FILE", "where": "api|resolve|cdn",
               "kind": "404|429|5xx|slow|reset|truncate|ignore-range",
               "times": N, "retry_after": S, "status": 503, "delay_ms": MS}]}
A fault without "times" applies to every matching request; "path" and
"where" narrow the match when given.
"""
import argparse
import hashlib
import json
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

# Extensions the Hub's default .gitattributes stores in LFS.
LFS_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ckpt", ".h5", ".onnx",
                ".msgpack", ".pkl", ".pickle", ".joblib", ".npy", ".npz", ".zip", ".keras",
                ".nemo", ".model", ".tflite", ".pb")
LFS_MIN_SIZE = 10 * 1024 * 1024

STATE_LOCK = threading.Lock()
DIGESTS = {}  # (path, size, mtime) -> (sha256, git blob sha1)
FAULT_USES = {}  # fault index -> times used, reset when the config changes
CONFIG = {"mtime": None, "data": {}}


def load_config(path):
    if not path:
        return {}
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return {}
    # The inode too: a test replaces the file by renaming a new one over it,
    # maybe within one tick of the clock.
    mtime = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
    with STATE_LOCK:
        if CONFIG["mtime"] != mtime:
            with open(path, encoding="utf-8") as handle:
                CONFIG["data"] = json.load(handle)
            CONFIG["mtime"] = mtime
            FAULT_USES.clear()
        return CONFIG["data"]


def digests(path):
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    with STATE_LOCK:
        if key in DIGESTS:
            return DIGESTS[key]
    sha256 = hashlib.sha256()
    blob = hashlib.sha1(b"blob %d\0" % stat.st_size)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(chunk)
            blob.update(chunk)
    value = (sha256.hexdigest(), blob.hexdigest())
    with STATE_LOCK:
        DIGESTS[key] = value
    return value


def is_lfs(relative, size):
    return size >= LFS_MIN_SIZE or relative.lower().endswith(LFS_SUFFIXES)


def repo_files(repo_dir):
    files = []
    for folder, dirs, names in os.walk(repo_dir, followlinks=True):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(folder, name)
            files.append(os.path.relpath(full, repo_dir).replace(os.sep, "/"))
    return sorted(files)


def commit_of(repo_dir, files):
    """Like a git commit, a digest of the tree: names and contents."""
    listing = hashlib.sha1()
    for relative in files:
        blob = digests(os.path.join(repo_dir, relative))[1]
        listing.update(b"%s %s\n" % (relative.encode(), blob.encode()))
    return listing.hexdigest()


def card_front_matter(repo_dir):
    """Top-level `key: value` scalars and `- item` lists of README.md's YAML header."""
    try:
        with open(os.path.join(repo_dir, "README.md"), encoding="utf-8", errors="replace") as handle:
            text = handle.read(256 * 1024)
    except OSError:
        return {}
    match = re.match(r"---\r?\n(.*?)\r?\n---", text, re.S)
    if not match:
        return {}
    data, key = {}, None
    for line in match.group(1).splitlines():
        top = re.match(r"^([A-Za-z_][\w-]*):\s*(.*)$", line)
        if top:
            key, value = top.group(1), top.group(2).strip().strip("'\"")
            data[key] = value if value else []
        elif key and isinstance(data.get(key), list):
            item = re.match(r"^\s*-\s*(.+)$", line)
            if item:
                data[key].append(item.group(1).strip().strip("'\""))
    return data


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-hub/1"

    def log_message(self, *args):  # the request log replaces stderr chatter
        pass

    # --- plumbing -------------------------------------------------------
    def record(self, status, sent):
        line = json.dumps({"method": self.command, "path": self.path,
                           "host": self.headers.get("Host", ""),
                           "range": self.headers.get("Range"), "status": status, "bytes": sent,
                           "auth": self.headers.get("Authorization") is not None,
                           "if_none_match": self.headers.get("If-None-Match"),
                           "protocol": self.headers.get("X-Fixture-Protocol", self.request_version)})
        with STATE_LOCK:
            with open(self.server.log_path, "a", encoding="utf-8") as log:
                log.write(line + "\n")

    def answer(self, status, body=b"", headers=None, content_type="application/json"):
        headers = dict(headers or {})
        self.send_response(status)
        if body or status not in (204, 304) and "Location" not in headers:
            headers.setdefault("Content-Type", content_type)
        headers["Content-Length"] = str(len(body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        sent = 0
        if self.command != "HEAD" and body:
            self.wfile.write(body)
            sent = len(body)
        self.record(status, sent)

    def error(self, status, code, message):
        headers = {"X-Error-Message": message}
        if code:
            headers["X-Error-Code"] = code
        self.answer(status, json.dumps({"error": message}).encode(), headers)

    def reset(self):
        self.record("reset", 0)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        try:
            self.connection.close()
        except OSError:
            pass

    def fault_for(self, config, repo, path, where):
        for index, fault in enumerate(config.get("faults", [])):
            if fault.get("repo") not in (None, repo):
                continue
            if fault.get("path") not in (None, path):
                continue
            if fault.get("where") not in (None, where):
                continue
            with STATE_LOCK:
                used = FAULT_USES.get(index, 0)
                if "times" in fault and used >= fault["times"]:
                    continue
                FAULT_USES[index] = used + 1
            return fault
        return None

    # Returns True when the fault answered the request itself.
    def apply_fault(self, fault):
        if not fault:
            return False
        kind = fault["kind"]
        if kind == "slow":
            time.sleep(fault.get("delay_ms", 3000) / 1000)
            return False
        if kind == "404":
            self.error(404, "RepoNotFound", "Repository not found")
            return True
        if kind == "429":
            self.answer(429, b'{"error":"Too Many Requests"}',
                        {"Retry-After": str(fault.get("retry_after", 1))})
            return True
        if kind == "5xx":
            self.error(fault.get("status", 503), None, "Service Unavailable")
            return True
        if kind == "reset":
            self.reset()
            return True
        return False  # truncate and ignore-range act on the body

    def access(self, config, repo):
        """None when the caller may read the repo's files, else (status, code, message)."""
        settings = config.get("repos", {}).get(repo, {})
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        allowed = token is not None and token in settings.get("tokens", [])
        if settings.get("private") and not allowed:
            return (401, "RepoNotFound", "Repository Not Found for url: %s." % self.path)
        if settings.get("gated") and not allowed:
            if token is None:
                return (401, "GatedRepo", "Access to model %s is restricted. You must have access to it "
                        "and be authenticated to access it. Please log in." % repo)
            return (403, "GatedRepo", "Access to model %s is restricted and you are not in the "
                    "authorized list. Visit https://huggingface.co/%s to ask for access." % (repo, repo))
        return None

    # --- routes ---------------------------------------------------------
    def do_HEAD(self):
        self.tracked()

    def do_GET(self):
        self.tracked()

    def tracked(self):
        # A marker file lives while a request is answered and goes once its
        # log line is written, so a test that waits for an empty folder
        # reads a complete log (the client may have its bytes before the
        # line is written).
        marker = None
        if self.server.inflight_dir:
            marker = os.path.join(self.server.inflight_dir, "%d-%d" % (threading.get_ident(), time.monotonic_ns()))
            open(marker, "w").close()
        try:
            self.route()
        finally:
            if marker:
                os.remove(marker)

    def route(self):
        if self.server.latency:
            time.sleep(self.server.latency)
        config = load_config(self.server.config_path)
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/")[1:]]
        query = url.query
        if parts[:2] == ["api", "models"] and len(parts) >= 4:
            return self.model_info(config, parts[2] + "/" + parts[3], parts[4:], query)
        if len(parts) >= 5 and parts[2] == "resolve":
            return self.resolve(config, parts[0] + "/" + parts[1], parts[3], "/".join(parts[4:]))
        if len(parts) >= 5 and parts[0] == "cdn":
            return self.cdn(config, parts[1] + "/" + parts[2], parts[3], "/".join(parts[4:]))
        self.error(404, None, "Not Found")

    def repo_dir(self, repo):
        org, name = repo.split("/", 1)
        if org.startswith(".") or name.startswith(".") or "/" in name:
            return None
        path = os.path.join(self.server.root, org, name)
        return path if os.path.isdir(path) else None

    def model_info(self, config, repo, rest, query):
        if self.apply_fault(self.fault_for(config, repo, None, "api")):
            return
        repo_dir = self.repo_dir(repo)
        settings = config.get("repos", {}).get(repo, {})
        if repo_dir is None:
            return self.error(401, "RepoNotFound", "Repository Not Found for url: %s." % self.path)
        denied = self.access(config, repo)
        if denied and denied[1] == "RepoNotFound":
            return self.error(*denied)
        files = repo_files(repo_dir)
        sha = commit_of(repo_dir, files)
        if rest:
            if len(rest) != 2 or rest[0] != "revision" or rest[1] not in ("main", sha):
                return self.error(404, "RevisionNotFound", "Invalid rev id: %s" % "/".join(rest[1:]))
        blobs = "blobs=true" in query.lower()
        siblings = []
        for relative in files:
            full = os.path.join(repo_dir, relative)
            entry = {"rfilename": relative}
            if blobs:
                size = os.path.getsize(full)
                sha256, blob = digests(full)
                entry["size"] = size
                entry["blobId"] = blob
                if is_lfs(relative, size):
                    entry["lfs"] = {"sha256": sha256, "size": size, "pointerSize": 134}
            siblings.append(entry)
        card = card_front_matter(repo_dir)
        tags = list(card.get("tags", [])) if isinstance(card.get("tags"), list) else []
        if isinstance(card.get("license"), str):
            tags.append("license:" + card["license"])
        mtime = max([os.path.getmtime(os.path.join(repo_dir, f)) for f in files] or [0])
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(mtime))
        info = {"_id": hashlib.sha1(repo.encode()).hexdigest()[:24], "id": repo, "modelId": repo,
                "author": repo.split("/")[0], "sha": sha,
                "lastModified": settings.get("lastModified", stamp),
                "createdAt": settings.get("createdAt", stamp),
                "private": bool(settings.get("private", False)),
                "gated": settings.get("gated", False), "disabled": False, "downloads": 0, "likes": 0,
                "tags": tags, "cardData": card, "siblings": siblings}
        for key in ("pipeline_tag", "library_name"):
            if isinstance(card.get(key), str):
                info[key] = card[key]
        body = json.dumps(info).encode()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()
        if self.headers.get("If-None-Match") == etag:
            return self.answer(304, b"", {"ETag": etag})
        self.answer(200, body, {"ETag": etag})

    def resolve(self, config, repo, rev, path):
        repo_dir = self.repo_dir(repo)
        if repo_dir is None:
            return self.error(401, "RepoNotFound", "Repository Not Found for url: %s." % self.path)
        denied = self.access(config, repo)
        if denied:
            return self.error(*denied)
        if self.apply_fault(self.fault_for(config, repo, path, "resolve")):
            return
        files = repo_files(repo_dir)
        sha = commit_of(repo_dir, files)
        if rev not in ("main", sha):
            return self.error(404, "RevisionNotFound", "Invalid rev id: %s" % rev)
        if path not in files:
            return self.error(404, "EntryNotFound", "Entry not found")
        full = os.path.join(repo_dir, path)
        size = os.path.getsize(full)
        sha256, blob = digests(full)
        common = {"X-Repo-Commit": sha}
        if is_lfs(path, size):
            scheme = "https" if self.server.tls else "http"
            location = "%s://%s:%d/cdn/%s/%s/%s" % (scheme, self.server.cdn_host, self.server.public_port,
                                                  repo, sha256, quote(path))
            common.update({"X-Linked-Etag": '"%s"' % sha256, "X-Linked-Size": str(size),
                           "ETag": '"%s"' % sha256, "Location": location})
            return self.answer(302, b"", common)
        common["ETag"] = '"%s"' % blob
        self.send_file(config, repo, path, full, common, "resolve")

    def cdn(self, config, repo, sha256, path):
        repo_dir = self.repo_dir(repo)
        full = os.path.join(repo_dir, path) if repo_dir else None
        if not full or not os.path.isfile(full) or digests(full)[0] != sha256:
            return self.error(404, None, "Not Found")
        if self.apply_fault(self.fault_for(config, repo, path, "cdn")):
            return
        self.send_file(config, repo, path, full, {"ETag": '"%s"' % sha256}, "cdn")

    def send_file(self, config, repo, path, full, headers, where):
        fault = self.fault_for(config, repo, path, where + "-body")
        size = os.path.getsize(full)
        start, end = 0, size - 1
        wanted = self.headers.get("Range")
        ranged = False
        if wanted and not (fault and fault["kind"] == "ignore-range"):
            match = re.match(r"bytes=(\d+)-(\d*)$", wanted)
            if not match or int(match.group(1)) >= size:
                return self.answer(416, b"", {"Content-Range": "bytes */%d" % size})
            start = int(match.group(1))
            end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
            ranged = True
        length = end - start + 1 if size else 0
        self.send_response(206 if ranged else 200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        if ranged:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        self.end_headers()
        if self.command == "HEAD":
            return self.record(206 if ranged else 200, 0)
        truncate = fault and fault["kind"] == "truncate"
        budget = length // 2 if truncate else length
        sent = 0
        try:
            with open(full, "rb") as handle:
                handle.seek(start)
                while sent < budget:
                    chunk = handle.read(min(1 << 16, budget - sent))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (a whole-file answer it cut short)
        self.record(206 if ranged else 200, sent)
        if truncate:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hangs up (owl cutting a whole-file answer short, a
        # reset fault) is expected here, not worth a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, OSError)):
            super().handle_error(request, client_address)


def make_certificate(folder):
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return key, cert


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--config")
    parser.add_argument("--log", default=os.devnull)
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--inflight-dir", help="a marker file per request being answered")
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--http2", action="store_true",
                        help="serve HTTP/2 over TLS through tests/hub/h2_front.js (needs node)")
    parser.add_argument("--cert-out", help="with --tls: copy the certificate here (the CA bundle)")
    parser.add_argument("--cdn-host", default="localhost",
                        help="host name in LFS redirects (another name than the API's)")
    args = parser.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    server.root = os.path.abspath(args.root)
    server.config_path = args.config
    server.log_path = args.log
    server.latency = args.latency_ms / 1000
    server.inflight_dir = args.inflight_dir
    server.cdn_host = args.cdn_host
    server.tls = args.tls or args.http2
    server.public_port = server.server_port
    front = None
    if server.tls:
        folder = tempfile.mkdtemp(prefix="fake-hub-tls-")
        key, cert = make_certificate(folder)
        if args.cert_out:
            with open(cert, "rb") as source, open(args.cert_out, "wb") as target:
                target.write(source.read())
        if args.http2:  # TLS ends at the front; this server stays plain behind it
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "h2_front.js")
            front = subprocess.Popen(["node", script, str(server.server_port), cert, key],
                                     stdout=subprocess.PIPE, text=True)
            server.public_port = int(front.stdout.readline())
        else:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            server.socket = context.wrap_socket(server.socket, server_side=True)
    # A test that crashes never stops its server: go when the parent goes.
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()
    print(server.public_port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if front:
            front.kill()


if __name__ == "__main__":
    sys.exit(main())
