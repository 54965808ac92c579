# JupyterHub 3.0 for a class: every learner's single-user server offers the curriculum's C# kernel (".net-csharp").
# Start it from the repository root:   jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
# See docs/classroom.md for the real-class settings (authenticator, spawner, system-wide kernelspec).
# Every setting below can be overridden with the HUB_* environment variables it reads (the smoke test uses them).
import os
import shutil

here = os.path.dirname(os.path.abspath(__file__))
state = os.environ.get("HUB_STATE_DIR", os.path.join(here, "state"))
os.makedirs(state, mode=0o700, exist_ok=True)

c = get_config()  # noqa: F821 (provided by JupyterHub)

c.JupyterHub.ip = os.environ.get("HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("HUB_INTERNAL_PORT", "8081"))
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# The proxy: npm's configurable-http-proxy 5.3.0, installed next to this file by `bash build.sh setup`
# (npm ci --prefix deploy/jupyterhub). Debian's node-configurable-http-proxy fails to start with this Node.
c.ConfigurableHTTPProxy.command = [os.environ.get("HUB_PROXY", os.path.join(here, "node_modules", ".bin", "configurable-http-proxy"))]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%s" % os.environ.get("HUB_PROXY_API_PORT", "8001")
c.ConfigurableHTTPProxy.should_start = True

# Who may log in. "dummy" accepts any name (and the password below, if set): for a smoke test or a trusted lab only.
# A real class uses its institution's login, e.g. c.JupyterHub.authenticator_class = "oauthenticator.GitHubOAuthenticator"
# or "pam" with system accounts (docs/classroom.md).
c.JupyterHub.authenticator_class = os.environ.get("HUB_AUTHENTICATOR", "dummy")
if os.environ.get("HUB_DUMMY_PASSWORD"):
    c.DummyAuthenticator.password = os.environ["HUB_DUMMY_PASSWORD"]

# How single-user servers start. "simple" runs them as the hub's own user with a home per learner under /tmp (a lab
# machine or a test); "default" (LocalProcessSpawner) runs each as the learner's system account.
c.JupyterHub.spawner_class = os.environ.get("HUB_SPAWNER", "simple")
c.Spawner.default_url = "/tree"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
args = []
if os.geteuid() == 0:
    args.append("--allow-root")  # single-user servers refuse to run as root otherwise
c.Spawner.args = args

# The kernelspec: installed system-wide with `curriculum kernel install --prefix /usr/local` (docs/classroom.md); the
# smoke test installs it into a scratch prefix and points JUPYTER_PATH there.
environment = {"DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1"}
if os.environ.get("HUB_JUPYTER_PATH"):
    environment["JUPYTER_PATH"] = os.environ["HUB_JUPYTER_PATH"]
if shutil.which("dotnet"):
    environment["PATH"] = os.path.dirname(shutil.which("dotnet")) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin")
c.Spawner.environment = environment

# An API token for automation (the smoke test, or an instructor's scripts that start servers before a lesson).
if os.environ.get("HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "curriculum-automation", "api_token": os.environ["HUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "curriculum-automation",
        "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
        "services": ["curriculum-automation"],
    }]
