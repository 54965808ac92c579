"""A local JupyterHub 3.0 with the repository's config starts a server for one learner, who is offered `.net-csharp`."""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_support import KERNEL_NAME, REPO  # noqa: E402

CONFIG = os.path.join(REPO, "deploy", "jupyterhub", "jupyterhub_config.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub(unittest.TestCase):
    def test_a_learner_server_lists_the_curriculum_kernel(self):
        state = tempfile.mkdtemp(prefix="hub-")
        token = secrets.token_hex(16)
        port = free_port()
        env = dict(os.environ, HUB_STATE_DIR=state, HUB_PORT=str(port), HUB_INTERNAL_PORT=str(free_port()),
                   HUB_PROXY_API_PORT=str(free_port()), HUB_SERVICE_TOKEN=token,
                   HUB_JUPYTER_PATH=os.environ.get("JUPYTER_PATH", ""))
        log = open(os.path.join(state, "hub.log"), "w")
        hub = subprocess.Popen(["/usr/bin/jupyterhub", "-f", CONFIG], cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
        base = f"http://127.0.0.1:{port}"

        def api(method, path, expect=(200, 201, 202, 204)):
            request = urllib.request.Request(base + path, method=method, headers={"Authorization": f"token {token}"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = response.read()
                    status = response.status
            except urllib.error.HTTPError as e:
                body, status = e.read(), e.code
            if status not in expect:
                raise AssertionError(f"{method} {path}: HTTP {status} {body[:300]!r}")
            return json.loads(body) if body else None

        try:
            deadline = time.time() + 60
            while True:
                try:
                    api("GET", "/hub/api/")
                    break
                except (OSError, AssertionError):
                    if time.time() > deadline or hub.poll() is not None:
                        raise AssertionError("the hub did not start:\n" + open(os.path.join(state, "hub.log")).read()[-3000:])
                    time.sleep(0.5)
            api("POST", "/hub/api/users/learner", expect=(201, 409))
            api("POST", "/hub/api/users/learner/server")
            deadline = time.time() + 120
            while not api("GET", "/hub/api/users/learner")["servers"].get("", {}).get("ready"):
                if time.time() > deadline:
                    raise AssertionError("the learner's server did not become ready:\n" + open(os.path.join(state, "hub.log")).read()[-3000:])
                time.sleep(0.5)
            specs = api("GET", "/user/learner/api/kernelspecs")
            self.assertIn(KERNEL_NAME, specs["kernelspecs"])
            spec = specs["kernelspecs"][KERNEL_NAME]["spec"]
            self.assertEqual(spec["display_name"], ".NET (C#)")
            self.assertEqual(spec["language"], "C#")
            api("DELETE", "/hub/api/users/learner/server")
        finally:
            os.killpg(hub.pid, signal.SIGTERM)
            try:
                hub.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(hub.pid, signal.SIGKILL)
            log.close()


if __name__ == "__main__":
    unittest.main()
