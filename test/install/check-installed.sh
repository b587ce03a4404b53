#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, then `npm install -g` of the tarball into a fresh prefix, with a
# fresh HOME and none of the developer's environment, on the oldest Node Tether supports (minimumNode in
# source/node-version.ts, installed from the npm registry's `node` package) and on Node 24 (the pinned dev
# dependency). On each: `tether --version`, `tether --help`, bash completion, the compile cache in ~/.cache,
# `tether send` to a new session through the embedded gateway it starts by itself, the session file where the
# README says, `tether show`, then `tether serve --stop`.
# Called by .ci/run; a minute or two, most of it npm installing from the registry.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

root=$(mktemp -d "${TMPDIR:-/tmp}/tether-install.XXXXXX")
started=()
cleanup() {
	local home
	for home in "${started[@]}"; do
		# The embedded gateway outlives the commands that started it, as it should; this one must not.
		in_env "$home" tether serve --stop >/dev/null 2>&1 || true
	done
	rm -rf "$root"
}
trap cleanup EXIT

fail() {
	echo "check-installed: $*" >&2
	exit 1
}

# What npm needs from the machine's setup (the registry, a proxy, the CAs it trusts, the download cache), and
# nothing else. The global npmrc is found next to the running node, so its settings are passed on here.
passthrough=("npm_config_registry=$(npm config get registry)" "npm_config_cache=$(npm config get cache)")
cafile=$(npm config get cafile)
if [[ $cafile != null && -n $cafile ]]; then
	passthrough+=("npm_config_cafile=$cafile")
fi
for name in http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR; do
	if [[ -n ${!name:-} ]]; then
		passthrough+=("$name=${!name}")
	fi
done

# Runs a command as a new user would: HOME and the npm prefix fresh, PATH = the installed bin, then the Node
# under test, then the system's.
in_env() {
	local home=$1
	shift
	env -i "${passthrough[@]}" HOME="$home" PATH="$home/prefix/bin:$home/node:/usr/local/bin:/usr/bin:/bin" \
		LANG=C.UTF-8 TERM=dumb npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
		timeout 180 "$@"
}

version=$(node -p "require('./package.json').version")
name=$(node -p "require('./package.json').name")
minimum=$(sed -n "s/^export const minimumNode = '\(.*\)';$/\1/p" source/node-version.ts)
[[ -n $minimum ]] || fail "minimumNode not found in source/node-version.ts"

echo "check-installed: packing $name $version"
npm pack --pack-destination "$root" >"$root/pack.log" 2>&1 || { cat "$root/pack.log" >&2; fail "npm pack failed"; }
tarball=$(ls "$root"/*.tgz)

echo "check-installed: Node $minimum from the npm registry"
npm install --no-save --no-package-lock --prefix "$root/node-$minimum" "node@$minimum" >"$root/node.log" 2>&1 ||
	{ cat "$root/node.log" >&2; fail "could not install node@$minimum from the npm registry"; }
oldest="$root/node-$minimum/node_modules/node/bin"
[[ -x $oldest/node ]] || oldest="$root/node-$minimum/node_modules/.bin"

check() {
	local label=$1 nodeBin=$2 expected=$3
	local home="$root/$label"
	mkdir -p "$home/prefix" "$home/node"
	ln -s "$nodeBin/node" "$home/node/node"
	local got
	got=$(in_env "$home" node --version)
	[[ $got == $expected ]] || fail "$label: expected Node $expected, got $got"
	echo "check-installed: $label: npm install -g $(basename "$tarball") on Node $got"

	local log="$home/install.log"
	in_env "$home" npm install -g --prefix "$home/prefix" "$tarball" >"$log" 2>&1 || { cat "$log" >&2; fail "$label: npm install -g failed"; }
	if grep -E -i 'EBADENGINE|prepare|ERR!' "$log" >&2; then
		fail "$label: npm install -g warned (above)"
	fi
	[[ $(in_env "$home" sh -c 'command -v tether') == "$home/prefix/bin/tether" ]] || fail "$label: tether is not on PATH from the prefix"

	got=$(in_env "$home" tether --version)
	[[ $got == "$version" ]] || fail "$label: tether --version printed '$got', not $version"

	got=$(in_env "$home" tether --help)
	[[ $got == *"Usage: tether [COMMAND]"* && $got == *"send"* ]] || fail "$label: tether --help printed: $got"

	got=$(in_env "$home" bash -c 'source <(tether completion bash) && COMP_WORDS=(tether comp) COMP_CWORD=1 && _tether && echo "${COMPREPLY[*]}"')
	[[ $got == completion ]] || fail "$label: bash completion of 'tether comp' gave '$got'"
	[[ -d $home/.cache/tether/compile ]] || fail "$label: no compile cache in ~/.cache/tether/compile"

	# The embedded gateway's own port, so a gateway already on the default one is left alone.
	local port
	port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });")
	in_env "$home" tether config set embedded.port "$port" >/dev/null
	started+=("$home")
	got=$(in_env "$home" tether send install-check "hello from the installed package")
	[[ $got == *"You said: “hello from the installed package”"* ]] || fail "$label: tether send printed: $got"
	[[ -f $home/.local/share/tether/sessions/install-check.json ]] || fail "$label: no session file in ~/.local/share/tether/sessions"
	got=$(in_env "$home" tether show install-check)
	[[ $got == *"hello from the installed package"* ]] || fail "$label: tether show printed: $got"

	got=$(in_env "$home" tether serve --stop)
	[[ $got == *"stopped"* ]] || fail "$label: tether serve --stop printed: $got"
	echo "check-installed: $label: ok (--version, --help, completion, send, show, serve --stop)"
}

check "node-$minimum" "$oldest" "v$minimum"
node24="$repo/node_modules/node/bin"
[[ -x $node24/node ]] || node24="$repo/node_modules/.bin"
check node-24 "$node24" 'v24.*'
echo "check-installed: ok"
