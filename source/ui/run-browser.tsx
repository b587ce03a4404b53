/** Runs the session browser and returns the session the user chose to attach, and how, if any. */
import {render} from 'ink';
import {loadCatalog, type SessionSummary} from '../store/catalog.js';
import {writeExport} from '../store/export-file.js';
import {renameSession, setArchived, trashSession} from '../store/manage.js';
import {SearchIndex} from '../search/search-index.js';
import {lockHolder} from '../store/lock.js';
import {readSession, sessionPath} from '../store/session-store.js';
import {exportMarkdown} from '../text/transcript.js';
import {SessionBrowser, type AttachHow, type BrowserActions} from './SessionBrowser.js';
import {terminalRenderOptions} from './render-options.js';
import type {TuiContext} from './tui-context.js';

const previewLength = 6;

export type Chosen = {name: string; how?: AttachHow};

export async function runBrowser(context: Pick<TuiContext, 'sessionsDir'>): Promise<Chosen | undefined> {
	const dir = context.sessionsDir;
	const visible = async (): Promise<readonly SessionSummary[]> => (await loadCatalog(dir)).filter(summary => !summary.archived);
	const index = await SearchIndex.open(dir);
	let chosen: Chosen | undefined;
	const actions: BrowserActions = {
		searchContent: query => new Set(index.search(query, undefined, 500).map(hit => hit.session)),
		preview: async name => (await readSession(dir, name).catch(() => undefined))?.messages.slice(-previewLength) ?? [],
		attach(name, how) {
			chosen = {name, ...(how && {how})};
		},
		heldBy: async name => (await lockHolder(`${sessionPath(dir, name)}.lock`))?.pid,
		rename: async (from, to) => renameSession(dir, from, to),
		archive: async name => setArchived(dir, name, true),
		remove: async name => trashSession(dir, name),
		async exportTo(name) {
			const now = new Date();
			return writeExport(process.cwd(), name, exportMarkdown(await readSession(dir, name), now), now);
		},
		reload: visible,
	};
	const instance = render(<SessionBrowser sessions={await visible()} actions={actions} />, {...terminalRenderOptions, exitOnCtrlC: true});
	await instance.waitUntilExit().finally(() => index.close());
	return chosen;
}
