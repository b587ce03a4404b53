/** A tool call's arguments as a few words, for the status line and the transcript alike. Pure. */

/**
 * A tool call's arguments in a few words for one line: the path, command, query or url if it has one, else
 * its first string value; empty when none fits. Leads with a space when not empty.
 */
export function argumentSummary(args: unknown, maxChars: number): string {
	if (typeof args === 'string') {
		return ` ${clip(args, maxChars)}`;
	}

	if (typeof args !== 'object' || args === null) {
		return '';
	}

	const record = args as Record<string, unknown>;
	const preferred = ['path', 'file_path', 'filePath', 'command', 'cmd', 'query', 'url', 'pattern'].find(key => typeof record[key] === 'string');
	const value = preferred ? record[preferred] : Object.values(record).find(item => typeof item === 'string');
	return typeof value === 'string' ? ` ${clip(value, maxChars)}` : '';
}

function clip(text: string, maxChars: number): string {
	const line = text.replaceAll(/\s+/g, ' ').trim();
	return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
