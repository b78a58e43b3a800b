#!/usr/bin/env bash
# `make deploy`: publishes the built site/ with `xxgk deploy`, its settings taken from
# environment variables (a CI job's variables and secrets: .gitea/workflows/publish.yml,
# .gitlab-ci.yml; or an operator's shell). Run it after `make site`.
#
#   DEPLOY_TARGET       [user@]host:/srv/xxgk (or a folder on the runner)        required
#   DEPLOY_SSH_KEY      the private key of the deploy user (a secret)            for a remote host
#   DEPLOY_KNOWN_HOSTS  the host's public key line, from `ssh-keyscan HOST`      for a remote host
#   DEPLOY_RELOAD       e.g. "sudo /usr/sbin/nginx -t && sudo systemctl reload nginx"
#   DEPLOY_PREFIX       where the column is served, default /
#   DEPLOY_SERVER_NAME  nginx server_name, default _
#   DEPLOY_LISTEN       nginx listen, default 80
#   DEPLOY_KEEP         releases kept for rollback, default 5
#   DEPLOY_SITE         the built site's folder, default site
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DEPLOY_TARGET:?set DEPLOY_TARGET, e.g. deploy@web1:/srv/xxgk}"
ssh_command="ssh"
secrets="$(mktemp -d)"
trap 'rm -rf "$secrets"' EXIT

if [ -n "${DEPLOY_SSH_KEY:-}" ]; then
  # The host key is pinned: a job that trusted whatever answers could hand the site to anyone.
  : "${DEPLOY_KNOWN_HOSTS:?set DEPLOY_KNOWN_HOSTS to the key line of the server (ssh-keyscan HOST)}"
  printf '%s\n' "$DEPLOY_SSH_KEY" >"$secrets/key"
  printf '%s\n' "$DEPLOY_KNOWN_HOSTS" >"$secrets/known_hosts"
  chmod 600 "$secrets/key"
  ssh_command="ssh -i $secrets/key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$secrets/known_hosts"
fi

args=(deploy "$DEPLOY_TARGET" --ssh "$ssh_command" --keep "${DEPLOY_KEEP:-5}"
  --prefix "${DEPLOY_PREFIX:-/}" --server-name "${DEPLOY_SERVER_NAME:-_}" --listen "${DEPLOY_LISTEN:-80}")
if [ -n "${DEPLOY_SITE:-}" ]; then args+=(--site "$DEPLOY_SITE"); fi
if [ -n "${DEPLOY_RELOAD:-}" ]; then args+=(--reload "$DEPLOY_RELOAD"); fi
.venv/bin/xxgk "${args[@]}"
