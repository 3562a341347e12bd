#!/usr/bin/python3
"""Runs `ip netns exec <ns> argv...` (and `ip netns add|del <ns>`) for netns.ts.

Why: a test process (a vitest worker) is a large Node process, and every
child_process.spawn() forks it: about 20 ms of CPU per command on the 2-CPU
VMs this project runs on, more than the iptables command itself. Python's
subprocess uses vfork(), so a small long-lived helper cuts that cost several
times. The corpus round trip runs ~1000 commands.

Protocol: JSON lines on stdin, {"id", "argv", "stdin", "timeout_ms", "env"};
answers {"id", "code", "signal", "stdout", "stderr", "timed_out"} in completion
order (one thread per request). Exits on EOF. No shell anywhere: argv is a
list. As defence in depth it refuses anything but `ip netns exec|add|del` on a
namespace named like ours (nfv-<pid>-<n>); netns.ts checks ownership.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading

NAME_RE = re.compile(r"^nfv-\d+-\d+$")
out_lock = threading.Lock()


def allowed(argv):
    if len(argv) < 4 or argv[0] != "ip" or argv[1] != "netns" or not NAME_RE.match(argv[3]):
        return False
    return argv[2] == "exec" and len(argv) > 4 or argv[2] in ("add", "del") and len(argv) == 4


def reply(obj):
    line = json.dumps(obj) + "\n"
    with out_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def handle(req):
    rid = req.get("id")
    argv = req.get("argv")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv) or not allowed(argv):
        reply({"id": rid, "error": "refused argv %r" % (argv,)})
        return
    env = dict(os.environ)
    env.update(req.get("env") or {})
    try:
        p = subprocess.run(argv, input=(req.get("stdin") or "").encode(), capture_output=True, env=env,
                           timeout=float(req.get("timeout_ms", 30000)) / 1000.0)
        code, timed_out, out, err = p.returncode, False, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:  # subprocess.run has SIGKILLed and reaped the child
        code, timed_out, out, err = -signal.SIGKILL, True, e.stdout or b"", e.stderr or b""
    except OSError as e:
        reply({"id": rid, "error": "%s: %s" % (type(e).__name__, e)})
        return
    sig = None
    if code < 0:
        sig = signal.Signals(-code).name
        code = None
    reply({"id": rid, "code": code, "signal": sig, "timed_out": timed_out,
           "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")})


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError as e:
            reply({"id": None, "error": "bad request: %s" % e})
            continue
        # Non-daemon: on EOF the interpreter waits for requests in flight.
        threading.Thread(target=handle, args=(req,)).start()


if __name__ == "__main__":
    main()
