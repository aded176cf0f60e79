# Shared by scripts/run, scripts/test and scripts/server: each step installs what it needs
# only when it is missing, so a fresh machine (Python, pip, Node.js) and a warm one both work.
# shellcheck shell=bash

UV_VERSION="0.13.8"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

uv_cmd() {
  if command -v uv >/dev/null 2>&1; then
    uv "$@"
  else
    python3 -m uv "$@"
  fi
}

ensure_python() {
  if ! command -v uv >/dev/null 2>&1 && ! python3 -m uv --version >/dev/null 2>&1; then
    say "installing uv $UV_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" \
      || python3 -m pip install --quiet --disable-pip-version-check --user "uv==$UV_VERSION"
  fi
  say "Python environment (uv.lock)"
  uv_cmd sync --frozen --quiet
}

apt_install() {
  say "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}

ensure_pwa_deps() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "Node.js and npm are needed for the PWA (install Node.js 20 or newer)" >&2
    exit 1
  fi
  if [ ! -f pwa/node_modules/.package-lock.json ] || [ pwa/package-lock.json -nt pwa/node_modules/.package-lock.json ]; then
    say "PWA packages (npm ci)"
    (cd pwa && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_miniprogram_deps() {
  if [ ! -f miniprogram/node_modules/.package-lock.json ] || [ miniprogram/package-lock.json -nt miniprogram/node_modules/.package-lock.json ]; then
    say "mini-program packages (npm ci)"
    (cd miniprogram && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Builds pwa/dist when it is missing or older than any source of the PWA.
ensure_pwa_built() {
  ensure_pwa_deps
  local stamp=pwa/dist/index.html
  if [ ! -f "$stamp" ] || [ -n "$(find pwa/src pwa/public pwa/index.html pwa/vite.config.ts pwa/package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    say "building the PWA"
    (cd pwa && npm run --silent build)
  fi
}

PG_USER="quancheng"
PG_PASSWORD="quancheng"
PG_DB="quancheng_test"

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt_install postgresql
  fi
  local version port
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    $SUDO pg_createcluster "$version" main >/dev/null
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
    say "starting PostgreSQL $version on 127.0.0.1:$port"
    $SUDO pg_ctlcluster "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
  fi
  local psql=($SUDO runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA)
  if [ "$(id -u)" -ne 0 ]; then psql=(sudo -u postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA); fi
  "${psql[@]}" -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'; END IF; END \$\$;"
  # The application's own role (see README, "Database roles"): migrations run as $PG_USER, which owns
  # the tables; the app may only insert and read audit records.
  "${psql[@]}" -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_USER}_app') THEN CREATE ROLE ${PG_USER}_app LOGIN PASSWORD '$PG_PASSWORD'; END IF; END \$\$;"
  local db
  for db in "$PG_DB" "${PG_DB}_e2e"; do
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
      "${psql[@]}" -c "CREATE DATABASE $db OWNER $PG_USER"
    fi
  done
  export QC_PG_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/$PG_DB"
  export QC_PG_E2E_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/${PG_DB}_e2e"
  export QC_PG_E2E_APP_URL="postgres://${PG_USER}_app:$PG_PASSWORD@127.0.0.1:$port/${PG_DB}_e2e"
}

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis on 127.0.0.1:6379"
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no \
      --logfile /tmp/quancheng-redis.log
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  export QC_REDIS_URL="redis://127.0.0.1:6379/15"
}

# Chromium for the PWA's browser tests, and a CJK font so screenshots show Chinese, not boxes.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
  if ! fc-list 2>/dev/null | grep -qiE "wqy|noto sans cjk"; then
    apt_install fonts-wqy-microhei
  fi
}
