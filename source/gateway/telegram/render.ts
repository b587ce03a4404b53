/**
 * A reply as Telegram shows it, pure: the agent's markdown becomes Telegram HTML (`parse_mode: "HTML"`) in
 * messages of at most 4,096 characters.
 *
 * HTML rather than MarkdownV2: MarkdownV2 needs 18 characters escaped everywhere and refuses a whole message
 * (400 "can't parse entities") for one entity a streamed reply has not closed yet; HTML needs only `& < >`
 * escaped, and the few tags are written here from the whole text each time, always balanced. Only code (inline
 * and fenced) and bold become tags; everything else is sent as the agent wrote it.
 */

/** Telegram's limit on one message's text, counted after entities are parsed (Bot API sendMessage `text`: 1-4096). */
export const messageLimit = 4096;

/** A run of text with one look; `pre` is a fenced code block, `language` its fence's word. */
export type Span = {kind: 'text' | 'bold' | 'code' | 'pre'; text: string; language?: string};

const fence = /^```([^\n`]*)\n?/m;
const inline = /`([^`\n]+)`|\*\*([^*\n]+?)\*\*/g;

/** The spans of a markdown text; a fence not closed yet (a reply mid-stream) runs to the end. */
export function spansOf(markdown: string): Span[] {
	const spans: Span[] = [];
	let rest = markdown;
	while (rest !== '') {
		const open = fence.exec(rest);
		if (!open) {
			spans.push(...inlineSpans(rest));
			break;
		}

		spans.push(...inlineSpans(rest.slice(0, open.index)));
		const body = rest.slice(open.index + open[0].length);
		const close = /^```[ \t]*$/m.exec(body);
		const language = open[1]!.trim();
		const code = close ? body.slice(0, close.index).replace(/\n$/, '') : body;
		spans.push({kind: 'pre', text: code, ...(language && {language})});
		rest = close ? body.slice(close.index + close[0].length).replace(/^\n/, '') : '';
	}

	return spans.filter(span => span.text !== '');
}

function inlineSpans(text: string): Span[] {
	const spans: Span[] = [];
	let at = 0;
	for (const match of text.matchAll(inline)) {
		spans.push(
			{kind: 'text', text: text.slice(at, match.index)},
			match[1] === undefined ? {kind: 'bold', text: match[2]!} : {kind: 'code', text: match[1]},
		);
		at = match.index + match[0].length;
	}

	spans.push({kind: 'text', text: text.slice(at)});
	return spans;
}

/** Escapes what Telegram's HTML parser reads as markup (its documented set: `&`, `<`, `>`; `"` inside attributes). */
export function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function spanHtml(span: Span): string {
	const text = escapeHtml(span.text);
	switch (span.kind) {
		case 'bold': {
			return `<b>${text}</b>`;
		}

		case 'code': {
			return `<code>${text}</code>`;
		}

		case 'pre': {
			const language = span.language && /^[\w+#.-]{1,32}$/.test(span.language) ? ` class="language-${span.language}"` : '';
			return `<pre><code${language}>${text}</code></pre>`;
		}

		default: {
			return text;
		}
	}
}

/**
 * The messages a reply takes, as HTML, each showing at most `limit` characters (UTF-16 units, as Telegram
 * counts). A cut falls at a line break in the last half of the room when there is one, never inside a surrogate
 * pair; a code block cut in two is a code block in both messages. Messages with nothing to show are left out
 * (Telegram refuses empty text).
 */
export function renderMessages(markdown: string, limit = messageLimit): string[] {
	const messages: Span[][] = [[]];
	let room = limit;
	for (const span of spansOf(markdown)) {
		let text = span.text;
		while (text.length > room) {
			const cut = cutAt(text, room);
			if (cut > 0) {
				messages.at(-1)!.push({...span, text: text.slice(0, cut)});
			}

			messages.push([]);
			room = limit;
			text = text.slice(cut);
		}

		messages.at(-1)!.push({...span, text});
		room -= text.length;
	}

	return messages.filter(spans => spans.some(span => span.text.trim() !== '')).map(spans => spans.map(span => spanHtml(span)).join(''));
}

/** Where to cut `text` to fit `room`: after the last line break in the room's second half, else at the room's end. */
function cutAt(text: string, room: number): number {
	const lineBreak = text.lastIndexOf('\n', room - 1);
	if (lineBreak >= room / 2) {
		return lineBreak + 1;
	}

	const code = text.charCodeAt(room - 1);
	// A high surrogate at the end would leave half a character in each message.
	return code >= 0xd8_00 && code <= 0xdb_ff ? room - 1 : room;
}
