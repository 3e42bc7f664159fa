# Shared steps of scripts/run, scripts/test, scripts/package and
# scripts/measure: install what is missing, build the UI, the desktop app and
# its Debian package, start a virtual display. Source it; it defines
# functions and POS_ROOT and changes nothing by itself.
#
# Each function returns non-zero on failure (or exits via `die`) and does not
# rely on `set -e`, which bash ignores in functions called from `||` lists.
#
# Needs: Debian 12 (apt-get, dpkg), root or sudo for missing packages, Rust
# (cargo) and Node.js >= 20.19 with npm.

POS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Debian packages that building, running and driving the app need.
POS_APT_PACKAGES=(
  build-essential
  pkg-config
  libssl-dev
  libwebkit2gtk-4.1-dev
  libjavascriptcoregtk-4.1-dev
  libsoup-3.0-dev
  libgtk-3-dev
  librsvg2-dev
  libayatana-appindicator3-dev
  xvfb
  webkit2gtk-driver
  faketime
)

section() {
  printf '\n==> %s\n' "$*"
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Seconds since the epoch, for timing phases.
now() {
  date +%s
}

package_installed() {
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

# Installs the Debian packages that are not installed yet (apt-get update first).
ensure_system_packages() {
  local missing=() package
  for package in "${POS_APT_PACKAGES[@]}"; do
    package_installed "$package" || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "Debian packages: all ${#POS_APT_PACKAGES[@]} present"
    return
  fi
  echo "Debian packages missing: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "installing ${missing[*]} needs root (or sudo)"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update </dev/null || return
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" </dev/null
}

# The npm that ships beside node, when it runs.
npm_works() {
  command -v npm >/dev/null && npm --version >/dev/null 2>&1
}

# Some machines carry node with its npm half-removed by a failed upgrade
# (npm missing from PATH, or its files gone). This puts npm back from the
# npm registry as a package under node's prefix, then checks it runs.
NPM_VERSION=10.9.4
repair_npm() {
  local prefix tmp sudo=()
  prefix="$(dirname "$(dirname "$(command -v node)")")"
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "npm is missing or broken: installing npm $NPM_VERSION under $prefix"
  tmp="$(mktemp -d)"
  curl -fsSL "https://registry.npmjs.org/npm/-/npm-$NPM_VERSION.tgz" -o "$tmp/npm.tgz" || return
  tar -xzf "$tmp/npm.tgz" -C "$tmp" || return
  "${sudo[@]}" rm -rf "$prefix/lib/node_modules/npm" || return
  "${sudo[@]}" mkdir -p "$prefix/lib/node_modules" || return
  "${sudo[@]}" mv "$tmp/package" "$prefix/lib/node_modules/npm" || return
  "${sudo[@]}" ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$prefix/bin/npm" || return
  "${sudo[@]}" ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$prefix/bin/npx" || return
  rm -rf "$tmp"
  hash -r
  npm_works
}

# Checks that the Rust and Node toolchains are there (they are not Debian's:
# Debian 12 ships versions too old for this project).
ensure_toolchains() {
  command -v cargo >/dev/null ||
    die "cargo not found: install Rust with rustup (https://rustup.rs), then run this again"
  command -v node >/dev/null ||
    die "node not found: install Node.js 20.19 or newer (https://nodejs.org), then run this again"
  npm_works || repair_npm || die "npm not found: install Node.js 20.19 or newer with npm (https://nodejs.org)"
  local node_version
  node_version="$(node --version)"
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    const ok = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
    process.exit(ok ? 0 : 1);
  ' || die "Node.js $node_version is too old for the UI's build tools: need 20.19+ or 22.12+"
  echo "toolchains: $(cargo --version), node $node_version, npm $(npm --version 2>/dev/null)"
}

# Installs the UI's npm packages when node_modules is missing or older than
# package.json / package-lock.json.
ensure_ui_packages() {
  local ui="$POS_ROOT/ui" stamp="$POS_ROOT/ui/node_modules/.package-lock.json"
  [ -f "$ui/package.json" ] || die "ui/package.json is missing"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$ui/package.json" ] &&
    { [ ! -f "$ui/package-lock.json" ] || [ "$stamp" -nt "$ui/package-lock.json" ]; }; then
    echo "UI packages: up to date"
    return
  fi
  (cd "$ui" && npm install --no-audit --no-fund </dev/null)
}

# Installs tauri-driver (the WebDriver bridge the end-to-end tests use).
ensure_tauri_driver() {
  if command -v tauri-driver >/dev/null; then
    echo "tauri-driver: $(command -v tauri-driver)"
    return
  fi
  cargo install tauri-driver --locked
}

build_ui() {
  (cd "$POS_ROOT/ui" && npm run build </dev/null)
}

build_app() {
  (cd "$POS_ROOT" && cargo build -p pos-desktop)
}

# The cargo target directory (CARGO_TARGET_DIR, else target/ in the repository).
target_dir() {
  echo "${CARGO_TARGET_DIR:-$POS_ROOT/target}"
}

# run_e2e ARGS...: runs the end-to-end test binary (tests/tests/e2e) that
# `cargo test --workspace --no-run` built, with ARGS for the test harness,
# from tests/ as cargo would. Asking cargo for `--test e2e` instead selects
# fewer targets, so it unifies fewer dependency features and builds a second
# pos-core and e2e binary: minutes, and disk a CI machine may not have.
run_e2e() {
  local binary
  binary="$(cargo test --workspace --no-run --message-format=json 2>/dev/null | node -e '
    let input = "";
    process.stdin.on("data", (chunk) => (input += chunk)).on("end", () => {
      for (const line of input.split("\n")) {
        if (!line.startsWith("{")) continue;
        const m = JSON.parse(line);
        if (m.reason === "compiler-artifact" && m.target.name === "e2e" && m.executable) console.log(m.executable);
      }
    });')" || return
  if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    echo "error: cargo test --workspace --no-run built no e2e test binary" >&2
    return 1
  fi
  (cd "$POS_ROOT/tests" && "$binary" "$@")
}

# Builds the Debian package with Tauri's bundler (the @tauri-apps/cli
# devDependency in ui/): one release build of pos-desktop, then the .deb
# with its icons, desktop entry and dependencies (src-tauri/tauri.conf.json,
# "bundle"). Only the deb: an AppImage would download its tools. The UI
# must be built first (build_ui): tauri.conf.json has no beforeBuildCommand,
# so the bundler builds nothing but the app. Sets POS_DEB to the package.
build_package() {
  local bundles
  bundles="$(target_dir)/release/bundle/deb"
  [ -f "$POS_ROOT/ui/dist/index.html" ] || die "ui/dist is missing: build the UI first (npm run build in ui/)"
  [ -x "$POS_ROOT/ui/node_modules/.bin/tauri" ] || die "the Tauri CLI is missing: npm install in ui/"
  rm -f "$bundles"/*.deb
  (cd "$POS_ROOT" && ui/node_modules/.bin/tauri build --ci --bundles deb </dev/null) || return
  local debs=("$bundles"/*.deb)
  [ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || {
    echo "error: expected one .deb in $bundles, found: ${debs[*]}" >&2
    return 1
  }
  POS_DEB="${debs[0]}"
}

# Starts Xvfb on the first free display from :99 and exports DISPLAY.
# Sets XVFB_PID; stop it with stop_xvfb (callers trap it on EXIT).
start_xvfb() {
  command -v Xvfb >/dev/null || die "Xvfb not found (Debian package xvfb)"
  local display=99
  while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do
    display=$((display + 1))
  done
  Xvfb ":${display}" -screen 0 1280x1024x24 -nolisten tcp >"${TMPDIR:-/tmp}/pos-xvfb-${display}.log" 2>&1 &
  XVFB_PID=$!
  local waited=0
  until [ -e "/tmp/.X11-unix/X${display}" ]; do
    kill -0 "$XVFB_PID" 2>/dev/null ||
      die "Xvfb :${display} exited; see ${TMPDIR:-/tmp}/pos-xvfb-${display}.log"
    [ "$waited" -lt 100 ] || die "Xvfb :${display} did not start within 10 s"
    sleep 0.1
    waited=$((waited + 1))
  done
  export DISPLAY=":${display}"
  echo "Xvfb started on DISPLAY=$DISPLAY (pid $XVFB_PID)"
}

stop_xvfb() {
  if [ -n "${XVFB_PID:-}" ]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
    XVFB_PID=
  fi
}
