/** The README's key table lives between two markers, so a script can write it from the key bindings. */
export const keysStart = '<!-- keys: generated from source/ui/keymap.ts by scripts/readme-keys.js -->';
export const keysEnd = '<!-- /keys -->';

/** The table between the markers, or undefined when the README has none. */
export function readKeyTable(readme: string): string | undefined {
	const start = readme.indexOf(keysStart);
	const end = readme.indexOf(keysEnd);
	return start === -1 || end < start ? undefined : readme.slice(start + keysStart.length, end).trim();
}

export function replaceKeyTable(readme: string, table: string): string {
	const start = readme.indexOf(keysStart);
	const end = readme.indexOf(keysEnd);
	if (start === -1 || end < start) {
		throw new Error(`README.md has no ${keysStart} … ${keysEnd} markers`);
	}

	return `${readme.slice(0, start + keysStart.length)}\n${table}\n${readme.slice(end)}`;
}
