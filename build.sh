#!/usr/bin/env bash
# The project's one entry point. On a fresh machine:
#   bash build.sh book   # the main job: execute every notebook and render the book to artifacts/book/
#   bash build.sh test   # every test (unit, property, PyTorch-reference, notebook, browser)
# Both install what they need first (Debian chromium, npm front-end assets, NuGet packages).
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return; fi
  command -v apt-get >/dev/null 2>&1 || { log "no apt-get here: skipping chromium (only the browser tests need it)"; return; }
  log "installing Debian chromium (browser tests and the book check drive it headless)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
}

ensure_bubblewrap() {
  # The grader runs learners' code inside bubblewrap (no network, read-only view); without it it says so and isolates less.
  if command -v bwrap >/dev/null 2>&1; then return; fi
  log "installing Debian bubblewrap (sandbox of the exercise grader)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null || log "bubblewrap could not be installed: grading falls back to process-only isolation"
}

ensure_web_assets() {
  if [ ! -f node_modules/plotly.js-dist-min/plotly.min.js ] || [ package.json -nt node_modules/.package-lock.json ]; then
    log "installing front-end assets from npm (plotly.js, KaTeX, highlight.js)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# The kernel's test clients and servers (tests/kernel): Debian packages, only where apt exists (learners on Windows
# and macOS build, install the kernel and open VS Code without any of these).
KERNEL_TEST_PACKAGES="python3-jupyter-kernel-test python3-nbclient python3-jupyter-client python3-nbformat python3-zmq jupyter-notebook jupyterhub"

ensure_kernel_test_tools() {
  command -v apt-get >/dev/null 2>&1 || { log "no apt-get here: skipping the Jupyter test packages (only the kernel tests need them)"; return; }
  local missing=()
  for package in $KERNEL_TEST_PACKAGES; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages for the kernel tests: ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # JupyterHub's proxy: npm's configurable-http-proxy 5.3.0, beside the hub config (deploy/jupyterhub).
  if [ ! -x deploy/jupyterhub/node_modules/.bin/configurable-http-proxy ] || [ deploy/jupyterhub/package-lock.json -nt deploy/jupyterhub/node_modules/.package-lock.json ]; then
    log "installing configurable-http-proxy 5.3.0 from npm (deploy/jupyterhub)"
    npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error
  fi
}

# `curriculum kernel install` for this user, and the `curriculum` wrapper on PATH (/usr/local/bin as root, else ~/.local/bin).
install_kernel_and_command() {
  log "installing the Jupyter kernel \".NET (C#)\" (kernelspec .net-csharp) for $(id -un)"
  dotnet lib/Curriculum.Cli/bin/Release/net10.0/curriculum.dll kernel install --user ||
    log "kept the existing kernelspec (another kernel's); replace it with: curriculum kernel install --force"
  local bin="$HOME/.local/bin"; [ "$(id -u)" = 0 ] && bin=/usr/local/bin
  mkdir -p "$bin"
  ln -sf "$PWD/curriculum" "$bin/curriculum"
  case ":$PATH:" in
    *":$bin:"*) log "the curriculum command is on PATH ($bin/curriculum)" ;;
    *) log "linked $bin/curriculum; add $bin to PATH to type 'curriculum' (or run ./curriculum from here)" ;;
  esac
}

build() {
  log "building Curriculum.sln (Release)"
  dotnet build Curriculum.sln -c Release -nologo -clp:ErrorsOnly
}

cmd="${1:-test}"; shift || true
case "$cmd" in
  setup)
    ensure_chromium; ensure_bubblewrap; ensure_web_assets; ensure_kernel_test_tools; build; install_kernel_and_command ;;
  test)
    ensure_chromium; ensure_bubblewrap; ensure_web_assets; ensure_kernel_test_tools; build
    log "running every test"
    mkdir -p artifacts
    set +e
    dotnet test Curriculum.sln -c Release --no-build -nologo "$@" 2>&1 | tee artifacts/test-output.txt
    status=${PIPESTATUS[0]}
    set -e
    # One closing line for the whole run, summed over the test projects.
    grep -E '^(Passed|Failed)!' artifacts/test-output.txt | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
      awk '{f+=$1; p+=$2; s+=$3} END {printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s}'
    exit "$status" ;;
  book)
    ensure_chromium; ensure_web_assets; build
    log "executing the notebooks and rendering the book"
    dotnet lib/Curriculum.Cli/bin/Release/net10.0/curriculum.dll book "$@" ;;
  *)
    echo "usage: bash build.sh [setup|test|book]" >&2; exit 2 ;;
esac
