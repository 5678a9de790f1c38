# shellcheck shell=bash
# Sourced by the build scripts here: one tool version's folder in the cache outside the repository, held under a
# lock so two runs never build into it at once (the second waits, then finds the binary).
#   tool_cache <name> <version>   sets $dir and $bin; with STRONGROOM_CACHED_ONLY=1, exits 3 when it is not built
#   need_go <name> <version>      fails with what to install when Go is missing
tool_cache() {
    dir="${STRONGROOM_CACHE:-$HOME/.cache/strongroom}/$1-$2"
    bin="$dir/$1"
    [ -z "${STRONGROOM_CACHED_ONLY:-}" ] || [ -x "$bin" ] || exit 3
    mkdir -p "$dir"
    exec 9>"$dir/.lock"
    flock 9
}

need_go() {
    command -v go >/dev/null || { echo "$1: 'go' is not on PATH; install Go to build $1 $2" >&2; exit 1; }
}
