#!/usr/bin/env bash
# Make a Docker engine ready for the end-to-end suite on a fresh Debian machine: install Debian's docker.io
# when no daemon answers, start dockerd when it is not running (CI machines start no services), and wait
# until `docker info` answers. Idempotent: with a daemon already running it only checks it. Prints the
# client to build with: Debian's /usr/bin/docker (20.10) builds with DOCKER_BUILDKIT=1, while a newer client
# on PATH refuses to without the buildx plugin.
#
# Usage: tests/e2e/docker.sh        (as root; log of a dockerd it starts: /var/log/dockgen-dockerd.log)
set -euo pipefail

log() { printf '[docker %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if ! command -v dockerd >/dev/null 2>&1; then
  log "installing docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io </dev/null >/dev/null
fi

client=docker
for c in docker /usr/bin/docker; do
  command -v "$c" >/dev/null 2>&1 || continue
  if "$c" buildx version >/dev/null 2>&1; then client=$c; break; fi
  major=$("$c" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1 || true)
  if [[ $major =~ ^[0-9]+$ ]] && ((major < 23)); then client=$c; break; fi
done

if ! "$client" info >/dev/null 2>&1; then
  if pgrep -x dockerd >/dev/null; then
    log "dockerd is running but does not answer yet"
  else
    log "starting dockerd"
    # setsid: the daemon outlives this script and the CI step that ran it.
    setsid dockerd >/var/log/dockgen-dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do
    "$client" info >/dev/null 2>&1 && break
    sleep 1
  done
  "$client" info >/dev/null 2>&1 || { tail -20 /var/log/dockgen-dockerd.log >&2 || true; log "ERROR: dockerd did not come up in 60 s"; exit 1; }
fi
log "engine $("$client" version --format '{{.Server.Version}}') ready; client $client"
echo "$client"
