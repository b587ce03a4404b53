// Generated from the command modules by test/help.test.ts (UPDATE_HELP=1 npx vitest run test/help.test.ts).
import type {CommandName} from './command-names.js';

export const helpTable: Record<CommandName, {summary: string; help: string; flags: string[]}> = {
	"create": {
		"summary": "create a session and attach to it",
		"help": "Usage: tether create NAME [-d]\n\nCreate a session and attach to it.\n\nWithout a terminal (or with --detach) the session file is only created, and its path printed.\n\nOptions:\n  -d, --detach         create the session without attaching",
		"flags": [
			"--detach",
			"-d"
		]
	},
	"attach": {
		"summary": "reattach to a session: its saved transcript at once, then live",
		"help": "Usage: tether attach NAME [--create] [--at MESSAGE_ID] [-d | --read-only]\n\nReattach to a session: its saved transcript at once, then live.\n\nA session the gateway has but this machine does not (see tether ls) is attached from the gateway's history. A session open in another terminal is taken over with -d (that terminal saves and detaches, as tmux attach -d), or watched with --read-only.\n\nOptions:\n  --create             create the session if it does not exist\n  --at VALUE           open at a message (ids come from tether recall)\n  -d, --take-over      detach the terminal that has the session open, and attach here\n  -r, --read-only      watch the session live without writing (beside the terminal that has it open)",
		"flags": [
			"--create",
			"--at",
			"--take-over",
			"-d",
			"--read-only",
			"-r"
		]
	},
	"session": {
		"summary": "OpenClaw-style spellings: session create --name NAME, session attach NAME",
		"help": "Usage: tether session create --name NAME [--persist] [-d] | session attach NAME [-d | --read-only]\n\nOpenClaw-style spellings: session create --name NAME, session attach NAME.\n\nSessions always persist; --persist is accepted for compatibility with OpenClaw. As in tmux, -d means create without attaching, and attach taking the session over from another terminal.\n\nOptions:\n  --name VALUE         session name (create)\n  --persist            accepted; every session is saved\n  -d, --detach         create: without attaching; attach: detach the other terminal that has it open\n  -r, --read-only      attach: watch the session live without writing",
		"flags": [
			"--name",
			"--persist",
			"--detach",
			"-d",
			"--read-only",
			"-r"
		]
	},
	"ls": {
		"summary": "list sessions by last activity, with the gateway sessions that have no local file yet",
		"help": "Usage: tether ls [--all] [--json]\n\nList sessions by last activity, with the gateway sessions that have no local file yet.\n\nA gateway session listed under \"on the gateway\" is attached with tether attach NAME: its history becomes the local file.\n\nOptions:\n  --all                include archived sessions\n  --json               print the lists as JSON",
		"flags": [
			"--all",
			"--json"
		]
	},
	"browse": {
		"summary": "browse sessions: filter, preview, attach, rename, archive, delete, export",
		"help": "Usage: tether browse\n\nBrowse sessions: filter, preview, attach, rename, archive, delete, export.",
		"flags": []
	},
	"send": {
		"summary": "send one message and print the reply (streamed on a terminal, once final when piped; - reads the message from stdin)",
		"help": "Usage: tether send NAME MESSAGE|-\n\nSend one message and print the reply (streamed on a terminal, once final when piped; - reads the message from stdin).",
		"flags": []
	},
	"show": {
		"summary": "print a saved transcript (no connection needed)",
		"help": "Usage: tether show NAME [--json] [--since DATE] [--last N] [--details]\n\nPrint a saved transcript (no connection needed).\n\nReplies are rendered as markdown on a terminal, through $TETHER_PAGER or $PAGER (less) when longer than the screen, and printed plain when piped. A tool call is one line, thinking one line; --details shows their arguments, output and text.\n\nOptions:\n  --json               print the session file as JSON\n  --since VALUE        only messages from this date or time on (e.g. 2026-11-24 or 2026-11-24T10:00)\n  --last VALUE         only the last N messages\n  --details            tool arguments and output, and thinking, in full",
		"flags": [
			"--json",
			"--since",
			"--last",
			"--details"
		]
	},
	"recall": {
		"summary": "search every session in plain words: ranked, the best of each session first (alias: search)",
		"help": "Usage: tether recall QUERY [--session NAME] [--since DATE] [--until DATE] [--before-drop] [--all-hits] [--limit N] [--json]\n\nSearch every session in plain words: ranked, the best of each session first (alias: search).\n\nA question works: words like \"what\", \"we\" and \"the\" need not match, and at least half of the others must (in any form: settle, settled, settling). --before-drop (or \"before the drop\" in the query) looks at the last messages before each time a link dropped; with no QUERY it lists them. Open a hit with tether attach NAME --at MESSAGE_ID.\n\nOptions:\n  --session VALUE      search one session only\n  --since VALUE        only messages from this date or time on (e.g. 2026-11-24 or 2026-11-24T10:00)\n  --until VALUE        only messages up to this date (the whole day) or time\n  --before-drop        only the last messages before each link drop\n  --all-hits           one list of the best messages, however many from one session (default: the best 3 of each session)\n  --limit VALUE        at most N hits (default 20)\n  --json               print hits as JSON, with their text",
		"flags": [
			"--session",
			"--since",
			"--until",
			"--before-drop",
			"--all-hits",
			"--limit",
			"--json"
		]
	},
	"search": {
		"summary": "the same as recall",
		"help": "Usage: tether recall QUERY [--session NAME] [--since DATE] [--until DATE] [--before-drop] [--all-hits] [--limit N] [--json]\n\nThe same as recall.\n\nA question works: words like \"what\", \"we\" and \"the\" need not match, and at least half of the others must (in any form: settle, settled, settling). --before-drop (or \"before the drop\" in the query) looks at the last messages before each time a link dropped; with no QUERY it lists them. Open a hit with tether attach NAME --at MESSAGE_ID.\n\nOptions:\n  --session VALUE      search one session only\n  --since VALUE        only messages from this date or time on (e.g. 2026-11-24 or 2026-11-24T10:00)\n  --until VALUE        only messages up to this date (the whole day) or time\n  --before-drop        only the last messages before each link drop\n  --all-hits           one list of the best messages, however many from one session (default: the best 3 of each session)\n  --limit VALUE        at most N hits (default 20)\n  --json               print hits as JSON, with their text",
		"flags": [
			"--session",
			"--since",
			"--until",
			"--before-drop",
			"--all-hits",
			"--limit",
			"--json"
		]
	},
	"export": {
		"summary": "export a session as Markdown or JSON",
		"help": "Usage: tether export NAME [--format md|json] [-o FILE]\n\nExport a session as Markdown or JSON.\n\nOptions:\n  -f, --format VALUE   md (default) or json\n  -o, --output VALUE   write to FILE instead of stdout (- is stdout)",
		"flags": [
			"--format",
			"-f",
			"--output",
			"-o"
		]
	},
	"stats": {
		"summary": "how the link behaved for a session: drops, longest downtime, median reconnect time",
		"help": "Usage: tether stats NAME [--json]\n\nHow the link behaved for a session: drops, longest downtime, median reconnect time.\n\nOptions:\n  --json               print the figures as JSON",
		"flags": [
			"--json"
		]
	},
	"rename": {
		"summary": "rename a session (it stays the same conversation on the gateway)",
		"help": "Usage: tether rename OLD NEW\n\nRename a session (it stays the same conversation on the gateway).",
		"flags": []
	},
	"archive": {
		"summary": "hide a session from ls and the browser (--undo shows it again; ls --all shows all)",
		"help": "Usage: tether archive NAME [--undo]\n\nHide a session from ls and the browser (--undo shows it again; ls --all shows all).\n\nOptions:\n  --undo               unarchive",
		"flags": [
			"--undo"
		]
	},
	"rm": {
		"summary": "move a session to the trash (tether restore NAME brings it back)",
		"help": "Usage: tether rm NAME [--yes]\n\nMove a session to the trash (tether restore NAME brings it back).\n\nOnly the local file is moved; the gateway keeps its own history, and a new session of the same name gets a conversation of its own. Every removed copy stays in the trash.\n\nOptions:\n  -y, --yes            do not ask for confirmation",
		"flags": [
			"--yes",
			"-y"
		]
	},
	"restore": {
		"summary": "bring a session back from the trash (the copy removed last; the others are listed)",
		"help": "Usage: tether restore NAME\n\nBring a session back from the trash (the copy removed last; the others are listed).",
		"flags": []
	},
	"recover": {
		"summary": "set a damaged session file aside and restore its last good copy",
		"help": "Usage: tether recover NAME\n\nSet a damaged session file aside and restore its last good copy.\n\nThe damaged file is kept as NAME.json.corrupt-<time>, never deleted. The session is restored from\nNAME.json.bak when that is good; otherwise it starts empty and refills from the gateway on the next attach.\nA damaged journal (NAME.json.journal) beside a good file is kept aside, and what of it reads is applied.",
		"flags": []
	},
	"serve": {
		"summary": "run the embedded gateway in the foreground (--stop stops the background one, --restart restarts it)",
		"help": "Usage: tether serve [--port N] [--host 127.0.0.1] [--allow-remote] [--stop | --restart]\n\nRun the embedded gateway in the foreground (--stop stops the background one, --restart restarts it).\n\nClients start the embedded gateway in the background on demand; this runs it in the foreground instead.\nIt keeps its history in --data-dir (env TETHER_GATEWAY_DIR). Replies come from the offline echo, or from the\nOpenAI-compatible endpoint of the config keys agent.base_url and agent.model (the key from the variable\nagent.api_key_env names, default OPENAI_API_KEY); TETHER_OPENAI_BASE_URL and TETHER_MODEL override them for\none run. It checks its health every session.health_check_interval seconds (tether doctor shows the result).\nWith a Telegram bot token (env TETHER_TELEGRAM_TOKEN, or the file telegram-token in the config dir, 0600) and\ntelegram.allowed_users set, it serves those users from Telegram too.\n\nOptions:\n  --port VALUE         port to listen on (default 18780, 0 for any free port)\n  --host VALUE         address to listen on (default 127.0.0.1; another needs --allow-remote)\n  --allow-remote       listen on a non-loopback address, over plain ws:// (put a TLS proxy in front of it)\n  --stop               stop the background gateway\n  --restart            restart the background gateway (or the service) so that it runs the agent your settings name",
		"flags": [
			"--port",
			"--host",
			"--allow-remote",
			"--stop",
			"--restart"
		]
	},
	"service": {
		"summary": "run the embedded gateway as a user service that starts at login (systemd, launchd)",
		"help": "Usage: tether service install | uninstall | status\n\nRun the embedded gateway as a user service that starts at login (systemd, launchd).\n\ninstall writes a systemd user unit (~/.config/systemd/user/tether-gateway.service) or a launchd agent\n(~/Library/LaunchAgents/dev.tether.gateway.plist), starts it, and has it start at every login and again after\na crash. It reads the agent and the port from the config at every start. status says whether it runs, since\nwhen, which agent, and its last health check; uninstall stops and removes it.",
		"flags": []
	},
	"config": {
		"summary": "read and write settings",
		"help": "Usage: tether config get KEY | set KEY VALUE | unset KEY | list [--json] | path\n\nRead and write settings.\n\nKeys:\n  gateway.url                    gateway to connect to (default: the embedded gateway)\n  gateway.token                  shared gateway token\n  gateway.tls_fingerprint        SHA-256 of a self-signed wss:// certificate to trust\n  gateway.allow_insecure         allow a token over plaintext ws:// to a non-loopback host\n  gateway.approvals              answer the agent's exec approvals in the TUI (asks for scope operator.approvals; default false)\n  session.keep_alive             ping the gateway to detect dead links (default true)\n  session.ping_interval          seconds between pings (default 30)\n  session.reconnect_attempts     attempts in one reconnect burst before going offline (default 10)\n  session.reconnect_backoff      exponential | linear | fixed (default exponential)\n  session.health_check_interval  seconds between round-trip measurements, and between the embedded gateway's health checks (default 60)\n  tui.details                    show tool arguments and output, and thinking, in full (default false; Ctrl+O toggles)\n  tui.notify                     when a reply ends while the terminal is not focused: bell | osc9 | osc777 (desktop notifications) | off (default bell)\n  tui.notify_after               seconds a reply must take to notify in a terminal that does not report focus (default 30)\n  sessionsDir                    where session files live\n  embedded.port                  loopback port of the embedded gateway (default 18780)\n  recall.embeddings_url          OpenAI-compatible endpoint whose /embeddings recall also ranks by meaning, e.g. http://127.0.0.1:11434/v1 (default: words only)\n  recall.embeddings_model        embedding model there, e.g. nomic-embed-text (required with recall.embeddings_url)\n  agent.base_url                 OpenAI-compatible endpoint of the embedded gateway's agent, e.g. http://127.0.0.1:11434/v1 (default: the offline echo)\n  agent.model                    model the embedded gateway's agent runs there, e.g. llama3.2 (required with agent.base_url)\n  agent.api_key_env              environment variable holding the endpoint's API key (default OPENAI_API_KEY; the key itself is never stored)\n  telegram.allowed_users         Telegram user ids the embedded gateway's bot serves, e.g. 123456789,987654321 (the token: TETHER_TELEGRAM_TOKEN or the file telegram-token in the config dir)\n  telegram.api_root              Bot API root URL (default https://api.telegram.org; a local Bot API server)\n\nThe config directory is moved with TETHER_CONFIG_DIR. Secrets are never printed. list --json prints {\"path\": \"…/config.json\", \"values\": {KEY: VALUE}, \"hidden\": [secret keys that are set], \"unknown\": [keys this version does not know]}.\n\nOptions:\n  --json               with list: print {path, values, hidden, unknown} as JSON (secrets left out of values)",
		"flags": [
			"--json"
		]
	},
	"doctor": {
		"summary": "check the setup: config, sessions, gateway, credentials and the connection (secrets never shown)",
		"help": "Usage: tether doctor [--json]\n\nCheck the setup: config, sessions, gateway, credentials and the connection (secrets never shown).\n\nExits 1 if any check fails. Tokens and keys are reported as set or not, never shown. --json prints {\"ok\": true|false, \"checks\": [{\"check\": \"tether\"|\"config\"|\"sessions\"|\"gateway\"|\"embedded-port\"|\"token\"|\"device-key\"|\"device-token\"|\"connection\", \"ok\": true|false, \"detail\": \"…\"}]}.\n\nOptions:\n  --json               print the checks as JSON: {ok, checks: [{check, ok, detail}]}",
		"flags": [
			"--json"
		]
	},
	"completion": {
		"summary": "print a shell completion script for bash, zsh or fish",
		"help": "Usage: tether completion bash|zsh|fish\n\nPrint a shell completion script for bash, zsh or fish.\n\nCompletes commands, their flags and session names: those saved here, and the gateway's as tether ls last listed them (no network call while you press Tab). bash: source <(tether completion bash) in ~/.bashrc; zsh: source <(tether completion zsh) in ~/.zshrc; fish: tether completion fish > ~/.config/fish/completions/tether.fish\n\nOptions:\n  --sessions           print the session names, one a line: those saved here and the gateway's last listed (what the scripts ask)",
		"flags": [
			"--sessions"
		]
	}
};
