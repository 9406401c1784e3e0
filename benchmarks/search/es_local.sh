#!/usr/bin/env bash
# Start or stop a local single-node Elasticsearch for development, the benchmarks and the outage
# drill, from the same Maven Central integ-test zip CI uses (security off, 1 GiB heap, loopback).
#
#   benchmarks/search/es_local.sh start|stop|status
#
# ES_VERSION (8.19.21), ES_PORT (9200), ES_DIR (/tmp/giaothuong-es: unpacked server, data, logs).
# The zip is taken from ~/.m2 or the CI cache, else downloaded from Maven Central and checked.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9200}"
ES_DIR="${ES_DIR:-/tmp/giaothuong-es}"
artifact="org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
dist="$ES_DIR/elasticsearch-$ES_VERSION"
pidfile="$ES_DIR/es.pid"
url="http://127.0.0.1:$ES_PORT"

running() { [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

zip_path() {
    local candidate
    for candidate in "$HOME/.m2/repository/$artifact" \
        "/var/cache/giaothuong-ci/elasticsearch-$ES_VERSION.zip" \
        "${XDG_CACHE_HOME:-$HOME/.cache}/giaothuong-ci/elasticsearch-$ES_VERSION.zip"; do
        if [ -s "$candidate" ]; then echo "$candidate"; return 0; fi
    done
    local target="${XDG_CACHE_HOME:-$HOME/.cache}/giaothuong-ci/elasticsearch-$ES_VERSION.zip"
    mkdir -p "$(dirname "$target")"
    curl -fsSL --retry 3 -o "$target.part" "https://repo1.maven.org/maven2/$artifact"
    echo "$(curl -fsSL "https://repo1.maven.org/maven2/$artifact.sha512" | cut -d' ' -f1)  $target.part" \
        | sha512sum -c --quiet -
    mv "$target.part" "$target"
    echo "$target"
}

start() {
    if running; then echo "Elasticsearch already running at $url"; return 0; fi
    if [ ! -d "$dist" ]; then
        mkdir -p "$ES_DIR"
        unzip -q "$(zip_path)" -d "$ES_DIR"
    fi
    mkdir -p "$ES_DIR/config" "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp"
    cp -r "$dist/config/." "$ES_DIR/config/"
    {
        echo "cluster.name: giaothuong-local"
        echo "node.name: local"
        echo "network.host: 127.0.0.1"
        echo "http.port: $ES_PORT"
        echo "transport.port: $((ES_PORT + 100))"
        echo "discovery.type: single-node"
        echo "path.data: $ES_DIR/data"
        echo "path.logs: $ES_DIR/logs"
        echo "cluster.routing.allocation.disk.threshold_enabled: false"
        if [ -d "$dist/modules/x-pack-security" ]; then echo "xpack.security.enabled: false"; fi
    } >>"$ES_DIR/config/elasticsearch.yml"
    local java_home run=()
    java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if [ "$(id -u)" -eq 0 ]; then
        chmod 755 "$ES_DIR"
        chown -R nobody:nogroup "$ES_DIR"
        run=(runuser -u nobody --)
    fi
    (cd "$ES_DIR" && "${run[@]}" env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_DIR/config" \
        ES_TMPDIR="$ES_DIR/tmp" ES_JAVA_OPTS="-Xms1g -Xmx1g" "$dist/bin/elasticsearch" -d -p "$pidfile") \
        >"$ES_DIR/start.log" 2>&1 || { cat "$ES_DIR/start.log"; exit 1; }
    for _ in $(seq 240); do
        if curl -fsS "$url/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
            echo "Elasticsearch $ES_VERSION is up at $url"
            return 0
        fi
        sleep 0.5
    done
    echo "Elasticsearch did not answer; see $ES_DIR/logs" >&2
    exit 1
}

stop() {
    if ! running; then echo "Elasticsearch is not running"; return 0; fi
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    echo "Elasticsearch stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) if running; then echo "running at $url"; else echo "stopped"; exit 1; fi ;;
*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
