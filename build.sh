#!/usr/bin/env bash
# Build and test entry point, used by developers and by CI (.ci/run).
#
#   ./build.sh test     install the emulators if needed, build the solution (Release), run every
#                       tests/*.Tests project, print one closing line:
#                         tests: P passed, F failed, S skipped
#                       Exits non-zero when a test failed or a test project did not run.
#   ./build.sh sample   install the emulators if needed and run samples/ChatApp (it starts dynalite and Azurite,
#                       prints the URL to open); extra arguments go to the app (e.g. --urls http://127.0.0.1:8080).
#   ./build.sh quickstart  run samples/QuickStart (console: stores a conversation and prints it back).
#   ./build.sh emulators  only install the emulators (npm ci --prefix eng/emulators).
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

# npm packages of the emulators (dynalite, s3rver, azurite), pinned by eng/emulators/package-lock.json.
# Installed when node_modules is missing or older than the lock file, and always under CI.
ensure_emulators() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    ensure_apt_packages nodejs npm
  fi
  local stamp="$EMULATORS_DIR/node_modules/.package-lock.json"
  if [[ "${CI:-}" == "true" || ! -f "$stamp" || "$EMULATORS_DIR/package-lock.json" -nt "$stamp" ]]; then
    log "npm ci --prefix $EMULATORS_DIR"
    npm ci --prefix "$EMULATORS_DIR" --no-audit --no-fund --loglevel=error
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

# For projects that need a JVM.
ensure_java() {
  command -v java >/dev/null 2>&1 || ensure_apt_packages default-jre-headless
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

  local build_failed=0
  log "dotnet build Chat.DataLayer.sln -c $CONFIGURATION"
  if ! dotnet build Chat.DataLayer.sln -c "$CONFIGURATION" -nologo; then
    build_failed=1
    log "The solution did not build; building each test project on its own to run what can run."
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
    if ((build_failed)) || ! grep -qxF "$project" <<<"$solution_projects"; then
      # Not built by the solution build (it failed, or the project is not in the solution yet).
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

  if ((build_failed)); then
    not_run+=("Chat.DataLayer.sln (build failed)")
  fi
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
  dotnet run --project samples/ChatApp -c "$CONFIGURATION" -- "$@"
}

# The console quick start: a user, a thread, steps and feedback, printed back (starts dynalite itself).
run_quickstart() {
  ensure_emulators
  dotnet run --project samples/QuickStart -c "$CONFIGURATION"
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
