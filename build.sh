#!/usr/bin/env bash
# Build and test entry point, used by developers and by CI (.ci/run).
#
#   ./build.sh test     install the emulators if needed, build the solution (Release), run every
#                       tests/*.Tests project, print one closing line:
#                         tests: P passed, F failed, S skipped
#                       Exits non-zero when a test failed or a test project did not run. When the solution does
#                       not build, no test runs: the run stops with the build's errors and no closing line.
#   ./build.sh sample   install the emulators if needed and run samples/ChatApp (it starts dynalite and Azurite,
#                       prints the URL to open); extra arguments go to the app (e.g. --urls http://127.0.0.1:8080).
#   ./build.sh quickstart  run samples/QuickStart (console: stores a conversation and prints it back).
#   ./build.sh emulators  only install the emulators (npm ci --prefix eng/emulators).
#
# Requirements: the .NET SDK 10.0.401 or later (global.json), Node.js 20 or later with npm (dynalite 4 needs 20;
# Azurite 3.37 declares 22 but runs on 20 with an npm EBADENGINE warning). This script does not install Node.js:
# Debian 12's own nodejs package is 18, too old for dynalite, and no other source is reliable from here, so a
# missing or older node stops the run with a message saying what to install.
#
# Environment: CI=true forces a clean `npm ci` and makes emulator-backed tests fail instead of skip.
# TEST_TIMEOUT (default 20m) bounds each test project's run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
TEST_TIMEOUT="${TEST_TIMEOUT:-20m}"
EMULATORS_DIR="eng/emulators"

log() { printf '==> %s\n' "$*" >&2; }

# The oldest Node.js major version the pinned emulators run on (dynalite 4.0.0 declares node >= 20).
MIN_NODE_MAJOR=20

# Stops the run when node or npm is missing or node is older than MIN_NODE_MAJOR.
require_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "error: Node.js $MIN_NODE_MAJOR or later with npm is needed to run the emulators (dynalite, s3rver, Azurite)."
    log "       Install it (nodejs.org, NodeSource or a version manager such as nvm; Debian 12's own nodejs package is 18, too old) and run again."
    exit 1
  fi
  local version major
  version="$(node --version)"
  major="${version#v}"
  major="${major%%.*}"
  if ! [[ "$major" =~ ^[0-9]+$ ]] || ((major < MIN_NODE_MAJOR)); then
    log "error: Node.js $version is too old: the pinned dynalite needs Node.js $MIN_NODE_MAJOR or later (22 or later avoids Azurite's engine warning)."
    exit 1
  fi
}

# npm packages of the emulators (dynalite, s3rver, azurite), pinned by eng/emulators/package-lock.json.
# Installed when node_modules is missing or older than the lock file, and always under CI.
ensure_emulators() {
  require_node
  local stamp="$EMULATORS_DIR/node_modules/.package-lock.json"
  if [[ "${CI:-}" == "true" || ! -f "$stamp" || "$EMULATORS_DIR/package-lock.json" -nt "$stamp" ]]; then
    log "Installing the pinned emulators (dynalite, s3rver, Azurite): npm ci --prefix $EMULATORS_DIR (about half a minute the first time)"
    npm ci --prefix "$EMULATORS_DIR" --no-audit --no-fund
  fi
}

# Installs Debian packages that are missing (CI runs as root; elsewhere sudo is used when present).
APT_UPDATED=0
ensure_apt_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  [[ "$(id -u)" != 0 ]] && command -v sudo >/dev/null 2>&1 && sudo=(sudo)
  log "apt-get install ${missing[*]}"
  if ((APT_UPDATED == 0)); then
    "${sudo[@]}" apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# For browser tests (Microsoft.Playwright driving the system Chromium; never Playwright's download).
# Call it from run_tests when a test project needs a browser.
ensure_chromium() {
  # A browser named by CHAT_DATALAYER_CHROMIUM_PATH (e.g. the Chrome a hosted CI runner ships) is used as is.
  if [[ -n "${CHAT_DATALAYER_CHROMIUM_PATH:-}" && -x "${CHAT_DATALAYER_CHROMIUM_PATH}" ]]; then
    return 0
  fi
  if [[ ! -x /usr/bin/chromium ]]; then
    ensure_apt_packages chromium
  fi
}

# Test projects: every tests/<Name>.Tests/<Name>.Tests.csproj.
test_projects() {
  find tests -mindepth 2 -maxdepth 2 -name '*Tests.csproj' | sort
}

# Reads "name: N" from a dotnet test summary (last occurrence); prints 0 when absent.
summary_value() {
  local name="$1" file="$2"
  local value
  value="$(sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$file" | grep -E "^[[:space:]]*${name}:[[:space:]]*[0-9]+" | tail -n 1 | grep -oE '[0-9]+' | head -n 1 || true)"
  echo "${value:-0}"
}

run_tests() {
  ensure_emulators
  # The browser tests drive Debian's Chromium (never a downloaded browser).
  if compgen -G "tests/*BrowserTests/*.csproj" >/dev/null; then
    ensure_chromium
  fi

  log "Restoring and building Chat.DataLayer.sln ($CONFIGURATION): dotnet build (a few minutes the first time)"
  if ! dotnet build Chat.DataLayer.sln -c "$CONFIGURATION" -nologo; then
    log "error: the solution did not build (errors above); no test ran."
    return 1
  fi

  # Projects of the solution, as paths relative to the root with forward slashes.
  local solution_projects
  solution_projects="$(dotnet sln Chat.DataLayer.sln list 2>/dev/null | tr '\\' '/' | grep -E '\.csproj$' || true)"

  local logs
  logs="$(mktemp -d)"
  local passed=0 failed=0 skipped=0 not_run=()
  local project name log_file code total p f s
  while IFS= read -r project; do
    name="$(basename "$project" .csproj)"
    if ! grep -qxF "$project" <<<"$solution_projects"; then
      # A test project that is not in the solution (yet): built on its own; a failed build fails the run.
      log "$name is not in Chat.DataLayer.sln: dotnet build $project"
      if ! dotnet build "$project" -c "$CONFIGURATION" -nologo; then
        log "$name: did not build"
        not_run+=("$name (build failed)")
        continue
      fi
    fi

    log "dotnet test --project $project"
    log_file="$logs/$name.log"
    code=0
    dotnet test --project "$project" -c "$CONFIGURATION" --no-build --no-ansi --no-progress \
      --timeout "$TEST_TIMEOUT" 2>&1 | tee "$log_file" || code=$?

    if ! grep -qE '^[[:space:]]*total:[[:space:]]*[0-9]+' "$log_file"; then
      log "$name: no test summary (exit code $code)"
      not_run+=("$name (no summary, exit $code)")
      continue
    fi
    total="$(summary_value total "$log_file")"
    p="$(summary_value succeeded "$log_file")"
    f="$(summary_value failed "$log_file")"
    s="$(summary_value skipped "$log_file")"
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    if ((total == 0)); then
      log "warning: $name ran no test"
    elif ((f == 0 && code != 0)); then
      # A crash or timeout after some tests passed: the run did not complete.
      not_run+=("$name (exit $code)")
    fi
  done < <(test_projects)

  if ((${#not_run[@]} > 0)); then
    log "Did not run or did not complete: ${not_run[*]}"
  fi
  rm -rf "$logs"

  echo "tests: $passed passed, $failed failed, $skipped skipped"
  if ((failed > 0 || ${#not_run[@]} > 0)); then
    return 1
  fi
}

# The chat app: starts its own dynalite and Azurite (unless configured for real AWS/Azure) and prints its URL.
run_sample() {
  ensure_emulators
  log "Restoring and building samples/ChatApp ($CONFIGURATION): dotnet build (about a minute the first time)"
  dotnet build samples/ChatApp -c "$CONFIGURATION" -nologo
  log "Starting samples/ChatApp: it starts dynalite and Azurite, then prints the URL to open (Ctrl+C stops all three)"
  dotnet run --project samples/ChatApp -c "$CONFIGURATION" --no-build -- "$@"
}

# The console quick start: a user, a thread, steps and feedback, printed back (starts dynalite itself).
run_quickstart() {
  ensure_emulators
  log "Restoring and building samples/QuickStart ($CONFIGURATION): dotnet build"
  dotnet build samples/QuickStart -c "$CONFIGURATION" -nologo
  dotnet run --project samples/QuickStart -c "$CONFIGURATION" --no-build
}

case "${1:-test}" in
  test) run_tests ;;
  sample) shift; run_sample "$@" ;;
  quickstart) run_quickstart ;;
  emulators) ensure_emulators ;;
  *)
    echo "usage: $0 [test|sample|quickstart|emulators]" >&2
    exit 2
    ;;
esac
