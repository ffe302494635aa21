#!/usr/bin/env bash
# Makes sure the tools the test suite drives are present: git, kubectl
# (kustomize builds) and kpt (runs the KRM function as an exec function). Installs them with apt-get when missing and we are root;
# otherwise fails loudly — tests never skip for a missing tool.
set -euo pipefail

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
command -v kubectl >/dev/null 2>&1 || missing+=(kubectl)
command -v kpt >/dev/null 2>&1 || missing+=(kpt)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: installing ${missing[*]}" >&2
  apt-get update -qq
  for tool in "${missing[@]}"; do
    case "$tool" in
      git) apt-get install -y -qq git ;;
      # The kubectl package where a Kubernetes apt source is configured, else Debian's client.
      kubectl) apt-get install -y -qq kubectl || apt-get install -y -qq kubernetes-client ;;
      # kpt ships in the Google Cloud CLI apt source.
      kpt) apt-get install -y -qq google-cloud-cli-kpt || true ;;
    esac
  done
fi

for tool in git kubectl kpt; do
  command -v "$tool" >/dev/null 2>&1 || { echo "ensure-tools: $tool is required by the test suite and could not be installed" >&2; exit 1; }
done
