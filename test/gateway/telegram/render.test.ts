import {describe, expect, it} from 'vitest';
import {escapeHtml, messageLimit, renderMessages} from '../../../source/gateway/telegram/render.js';
import {plain} from './fake-bot-api.js';

describe('a reply as Telegram HTML', () => {
	it('escapes what Telegram reads as markup, so a reply about HTML is shown as written', () => {
		expect(renderMessages('if a < b && c > d then "<b>"')).toEqual(['if a &lt; b &amp;&amp; c &gt; d then &quot;&lt;b&gt;&quot;']);
		expect(escapeHtml('<&>"')).toBe('&lt;&amp;&gt;&quot;');
	});

	it('shows inline code, bold and fenced code blocks (with their language) as Telegram entities, and leaves other markdown as typed', () => {
		expect(renderMessages('Run `ls <dir>` **now**, _please_:\n```sh\necho "hi" > out\n```\ndone')).toEqual([
			'Run <code>ls &lt;dir&gt;</code> <b>now</b>, _please_:\n<pre><code class="language-sh">echo &quot;hi&quot; &gt; out</code></pre>done',
		]);
	});

	it('keeps every message well-formed mid-stream: a fence not closed yet runs to the end, an unclosed ** stays text', () => {
		expect(renderMessages('Here:\n```py\nprint(1)\nfor')).toEqual(['Here:\n<pre><code class="language-py">print(1)\nfor</code></pre>']);
		expect(renderMessages('a **bold start')).toEqual(['a **bold start']);
		expect(renderMessages('```bad"lang\nx\n```')).toEqual(['<pre><code>x</code></pre>']);
	});

	it('splits at 4,096 shown characters, at a line break when one is near, and a code block cut in two stays code in both', () => {
		const lines = Array.from({length: 120}, (_, index) => `line ${String(index).padStart(3, '0')} ${'x'.repeat(40)}`);
		const text = `intro\n\`\`\`\n${lines.join('\n')}\n\`\`\`\nend`;
		const messages = renderMessages(text);
		expect(messages).toHaveLength(2);
		for (const message of messages) {
			expect(plain(message).length).toBeLessThanOrEqual(messageLimit);
			expect(message.match(/<pre>/g)).toHaveLength(1);
		}

		expect(plain(messages[0]!).endsWith('\n')).toBe(true);
		expect(plain(messages.join(''))).toBe(`intro\n${lines.join('\n')}end`);
	});

	it('cuts a text without line breaks at the limit, never between the halves of a surrogate pair, and sends nothing for a blank reply', () => {
		const text = `${'a'.repeat(messageLimit - 1)}😀${'b'.repeat(10)}`;
		const messages = renderMessages(text);
		expect(messages.map(message => message.length)).toEqual([messageLimit - 1, 12]);
		expect(messages.join('')).toBe(text);
		expect(renderMessages('  \n ')).toEqual([]);
		expect(renderMessages('')).toEqual([]);
	});
});
