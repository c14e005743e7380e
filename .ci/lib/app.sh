# shellcheck shell=bash
# Sourced by the .ci checks: start the BUILT service on 127.0.0.1 with a throw-away SQLite data directory, and stop it
# on exit. `dotnet run` is not used: it forks, and the pid we would kill is not the server's.
#   start_app <environment>   sets APP_URL, APP_PID, APP_DATA; the log goes to $APP_LOG.

app_dll() {
  # The newest build of the two: a Release build left by bench/run must not stand in for a newer Debug one.
  local dll newest=""
  for dll in Indicators.Api/bin/Release/net10.0/Indicators.Api.dll Indicators.Api/bin/Debug/net10.0/Indicators.Api.dll; do
    [ -f "$dll" ] && { [ -z "$newest" ] || [ "$dll" -nt "$newest" ]; } && newest=$dll
  done
  [ -n "$newest" ] && echo "$newest"
}

build_app() {
  # Build unless the newest build output is newer than every source; `dotnet test` in .ci/run has built it already.
  local dll
  if dll=$(app_dll) && [ -z "$(find Indicators.Api seeds Directory.Build.props Directory.Packages.props \
        \( -path '*/bin' -o -path '*/obj' \) -prune -o -type f -newer "$dll" -print -quit)" ]; then
    return
  fi
  dotnet build Indicators.Api -nologo -v q
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_app() {
  if [ -n "${APP_PID:-}" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  [ -n "${APP_DATA:-}" ] && rm -rf "$APP_DATA"
  return 0
}

start_app() {
  local environment=$1 port dll
  build_app
  dll=$(app_dll)
  port=$(free_port)
  APP_DATA=$(mktemp -d)
  APP_URL="http://127.0.0.1:$port"
  APP_LOG=${APP_LOG:-$APP_DATA/app.log}
  trap stop_app EXIT
  ASPNETCORE_ENVIRONMENT=$environment DOTNET_ENVIRONMENT=$environment \
    dotnet "$dll" --urls "$APP_URL" --Database:DataDirectory="$APP_DATA" > "$APP_LOG" 2>&1 &
  APP_PID=$!
  for _ in $(seq 120); do
    if curl -sf "$APP_URL/health/ready" > /dev/null; then
      echo "service ($environment) ready at $APP_URL, pid $APP_PID"
      return 0
    fi
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "the service exited during start-up; its log:" >&2
      tail -n 40 "$APP_LOG" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "the service was not ready after 60 s; its log:" >&2
  tail -n 40 "$APP_LOG" >&2
  return 1
}
