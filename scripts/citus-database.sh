#!/usr/bin/env bash
# A database of its own on a Citus cluster (../shared/citus/cluster.sh): created on the coordinator
# and on every worker, the citus extension created in each, the coordinator and workers registered
# in it (Citus metadata is per database).
#   scripts/citus-database.sh create NAME [COORDINATOR_PORT]   (workers: read from the postgres database)
#   scripts/citus-database.sh drop NAME [COORDINATOR_PORT]
set -euo pipefail
cmd=${1:?create|drop}; name=${2:?database name}; port=${3:-9700}; host=127.0.0.1
q() { psql -h "$host" -p "$1" -U postgres -d "$2" -v ON_ERROR_STOP=1 -qAt -c "$3"; }
workers=$(q "$port" postgres "select string_agg(nodeport::text, ' ') from pg_dist_node where groupid > 0 and noderole = 'primary'")
case $cmd in
  create)
    for p in "$port" $workers; do
      q "$p" postgres "create database $name" && q "$p" "$name" "create extension citus"
    done
    q "$port" "$name" "select citus_set_coordinator_host('$host', $port)" >/dev/null
    for p in $workers; do q "$port" "$name" "select citus_add_node('$host', $p)" >/dev/null; done
    echo "postgres://postgres@$host:$port/$name (workers: $workers)" ;;
  drop)
    for p in "$port" $workers; do q "$p" postgres "drop database if exists $name with (force)"; done ;;
esac
