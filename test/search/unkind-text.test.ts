/** Recall over text that is not English prose split by spaces: Chinese, Japanese and Korean, and pasted logs full of numbers. */
import {describe, expect, it} from 'vitest';
import {recallMessages} from '../../source/search/search-index.js';
import {queryWords, tokenize} from '../../source/search/tokenize.js';
import {SessionStore} from '../../source/store/session-store.js';
import {reply, userMessage} from '../builders.js';
import {tempDir} from '../helpers.js';

async function session(dir: string, name: string, texts: string[]) {
	const store = await SessionStore.open(dir, name, 'attach-or-create');
	store.update(data => ({...data, messages: texts.map((text, i) => (i % 2 === 0 ? userMessage(text, {id: `${name}-${i}`}) : reply(`${name}-r${i}`, text, {id: `${name}-${i}`})))}));
	await store.close();
}

describe('words in scripts written without spaces', () => {
	it('splits a run of Chinese, Japanese or Korean into overlapping pairs of characters, a character alone kept', () => {
		expect(tokenize('数据库迁移')).toEqual(['数据', '据库', '库迁', '迁移']);
		expect(tokenize('国')).toEqual(['国']);
		expect(tokenize('カタカナ')).toEqual(['カタ', 'タカ', 'カナ']);
		expect(tokenize('한국어 텍스트')).toEqual(['한국', '국어', '텍스', '스트']);
	});

	it('keeps a word of another script beside them as one word', () => {
		expect(tokenize('我们用WebSocket连接服务器')).toEqual(['我们', '们用', 'websocket', '连接', '接服', '服务', '务器']);
		expect(tokenize('Hello, 世界!')).toEqual(['hello', '世界']);
		expect(queryWords('websocket连接')).toEqual([
			{word: 'websocket', term: 'websocket'},
			{word: '连接', term: '连接'},
		]);
	});

	it('finds the session that holds a Chinese question\'s answer first, and mixed Chinese and English', async () => {
		const dir = await tempDir();
		await session(dir, 'db', ['我们什么时候做迁移？', '决定了：数据库迁移到新的服务器上，周五晚上执行。']);
		await session(dir, 'tables', ['这个数据表太大了', '是的，需要清理一下。']);
		await session(dir, 'lunch', ['今天中午吃什么？', '拉面。']);
		await session(dir, 'link', ['我们用WebSocket连接网关', 'keepalive 每二十秒一次']);
		const found = await recallMessages(dir, '数据库迁移到哪里了？');
		expect(found[0]).toMatchObject({session: 'db', messageId: 'db-1'});
		expect(found.map(hit => hit.session)).not.toContain('lunch');
		expect((await recallMessages(dir, 'websocket连接'))[0]).toMatchObject({session: 'link', messageId: 'link-0'});
		expect((await recallMessages(dir, '网关'))[0]).toMatchObject({session: 'link'});
	});
});

describe('numbers in pasted logs', () => {
	it('splits a value from its key, and finds an exact port, error code or value, never a number near it', async () => {
		const dir = await tempDir();
		await session(dir, 'proxy', ['the gateway now listens on port 8443', 'ok']);
		await session(dir, 'other', ['port 8433 is the old one; 84430 is not a port', 'fine']);
		await session(dir, 'log', ['```\n2026-11-01T09:00:00Z socket retry=482913 backoff\n2026-11-01T09:00:01Z error 0x80070005 ECONNREFUSED\n```', 'seen']);
		expect(tokenize('retry=482913 a+b')).toEqual(['retry', '482913', 'a', 'b']);
		expect((await recallMessages(dir, '8443')).map(hit => hit.session)).toEqual(['proxy']);
		expect((await recallMessages(dir, 'which port, 8443?'))[0]).toMatchObject({session: 'proxy'});
		expect((await recallMessages(dir, '482913')).map(hit => hit.messageId)).toEqual(['log-0']);
		expect((await recallMessages(dir, '0x80070005')).map(hit => hit.messageId)).toEqual(['log-0']);
		expect((await recallMessages(dir, 'retry')).map(hit => hit.messageId)).toEqual(['log-0']);
	});
});
