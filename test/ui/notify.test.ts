import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {Approval} from '../../source/session/approvals.js';
import type {Message} from '../../source/model/message.js';
import {Attention} from '../../source/ui/attention.js';
import {FocusScanner} from '../../source/ui/focus-report.js';
import {watchFocus} from '../../source/ui/focus-stdin.js';
import {notification, shouldNotify} from '../../source/ui/notify.js';
import {ReplyWatch} from '../../source/ui/reply-watch.js';
import {focusReporting, osc52, osc777, osc9, tmuxPassthrough} from '../../source/ui/terminal-sequences.js';
import {reply, userMessage} from '../builders.js';

describe('terminal sequences', () => {
	it('turns focus reporting on and off (DEC mode 1004)', () => {
		expect(focusReporting(true)).toBe('\u001B[?1004h');
		expect(focusReporting(false)).toBe('\u001B[?1004l');
	});

	it('writes notifications as OSC 9 and OSC 777 that no text can end early', () => {
		expect(osc9('tether: done')).toBe('\u001B]9;tether: done\u0007');
		expect(osc9('4;2 is not progress')).toBe('\u001B]9;2 is not progress\u0007');
		expect(osc9('evil\u0007\u001B]52;c;x\u0007 text')).toBe('\u001B]9;evil ]52;c;x text\u0007');
		expect(osc777('a;title', 'body\nline')).toBe('\u001B]777;notify;a,title;body line\u0007');
	});

	it('puts text on the clipboard as base64 of its UTF-8 (OSC 52), wrapped for tmux where needed', () => {
		expect(osc52('héllo')).toBe(`\u001B]52;c;${Buffer.from('héllo').toString('base64')}\u0007`);
		expect(tmuxPassthrough('\u001B]52;c;aGk=\u0007')).toBe('\u001BPtmux;\u001B\u001B]52;c;aGk=\u0007\u001B\\');
	});
});

describe('focus reports', () => {
	it('finds focus gained and lost among keys, also cut across two reads', () => {
		const scanner = new FocusScanner();
		expect(scanner.scan('ab\u001B[Ocd\u001B[I')).toEqual(['out', 'in']);
		expect(scanner.scan('x\u001B')).toEqual([]);
		expect(scanner.scan('[O')).toEqual(['out']);
		expect(scanner.scan('\u001B[')).toEqual([]);
		expect(scanner.scan('I\u001B[A')).toEqual(['in']);
		expect(scanner.scan('\u001B[1;5A')).toEqual([]);
	});

	it('notices them in what Ink reads, and leaves the stream to Ink', async () => {
		const input = new PassThrough({encoding: 'utf8'});
		const seen: string[] = [];
		const watched = watchFocus(input, focus => seen.push(focus));
		input.write('hi\u001B[O');
		await new Promise(resolve => watched.once('readable', resolve));
		expect(watched.read()).toBe('hi\u001B[O');
		expect(seen).toEqual(['out']);
		expect(watched.readableEncoding).toBe('utf8');
	});
});

describe('when to notify', () => {
	it('notifies when the terminal is unfocused, or after a long run where it cannot tell', () => {
		expect(shouldNotify('out', 10, 30_000)).toBe(true);
		expect(shouldNotify('in', 600_000, 30_000)).toBe(false);
		expect(shouldNotify('unknown', 29_999, 30_000)).toBe(false);
		expect(shouldNotify('unknown', 30_000, 30_000)).toBe(true);
	});

	it('rings the bell, or sends OSC 9 or 777 (through tmux when inside it), or nothing', () => {
		expect(notification('bell', 't', 'b', {TMUX: '/tmp/tmux'})).toBe('\u0007');
		expect(notification('osc9', 't', 'b', {})).toBe('\u001B]9;t: b\u0007');
		expect(notification('osc777', 't', 'b', {TMUX: '/tmp/tmux'})).toBe(tmuxPassthrough(osc777('t', 'b')));
		expect(notification('off', 't', 'b', {})).toBe('');
	});

	it('counts a reply it saw streaming, or one answering a message sent while watching; not those there before', () => {
		const old = [userMessage('old'), reply('old', 'old answer')];
		const watch = new ReplyWatch(old);
		const asked = userMessage('new', {at: '2026-11-24T10:00:00.000Z'});
		expect(watch.observe([...old, asked], Date.parse('2026-11-24T10:00:00Z'))).toEqual([]);
		const streaming = reply('new', 'partial', {status: 'streaming'});
		expect(watch.observe([...old, asked, streaming], Date.parse('2026-11-24T10:00:05Z'))).toEqual([]);
		const done = {...streaming, text: 'all of it', status: 'final' as const};
		expect(watch.observe([...old, asked, done], Date.parse('2026-11-24T10:00:42Z'))).toEqual([{message: done, tookMs: 42_000}]);
		expect(watch.observe([...old, asked, done], Date.parse('2026-11-24T10:00:50Z'))).toEqual([]); // once
		// Arriving final at once (no stream seen) still answers a message sent while watching.
		const second = userMessage('again', {at: '2026-11-24T10:01:00.000Z'});
		watch.observe([...old, asked, done, second], Date.parse('2026-11-24T10:01:00Z'));
		const instant = reply('again', 'quick');
		expect(watch.observe([...old, asked, done, second, instant], Date.parse('2026-11-24T10:01:01Z'))).toEqual([{message: instant, tookMs: 1000}]);
		// A reply the user stopped is not news.
		const third = userMessage('stop me', {at: '2026-11-24T10:02:00.000Z'});
		const stopped = reply('stop', 'cut', {status: 'aborted'});
		watch.observe([third], 0);
		expect(watch.observe([third, stopped], Date.parse('2026-11-24T10:03:00Z'))).toEqual([]);
	});
});

class FakeSession extends EventEmitter {
	name = 'main';
	messages: Message[] = [];
	approvals: Approval[] = [];
	change(messages: Message[], approvals: Approval[] = this.approvals) {
		this.messages = messages;
		this.approvals = approvals;
		this.emit('change');
	}
}

describe('notifications while the agent works', () => {
	function watched(mode: 'bell' | 'osc9' | 'off' = 'osc9') {
		const session = new FakeSession();
		const written: string[] = [];
		let now = Date.parse('2026-11-24T10:00:00Z');
		const attention = new Attention(session, {mode, afterMs: 30_000, write: text => written.push(text), env: {}, now: () => now});
		const stop = attention.start();
		const turn = (text: string, seconds: number) => {
			const asked = userMessage(text, {at: new Date(now).toISOString()});
			session.change([...session.messages, asked]);
			now += seconds * 1000;
			session.change([...session.messages, reply(text, `answer to ${text}`)]);
		};

		return {session, attention, written, turn, stop};
	}

	it('notifies a reply that ends while the terminal is unfocused, quoting it', () => {
		const {attention, written, turn} = watched();
		turn('focused', 1);
		expect(written).toEqual([]);
		attention.setFocus('out');
		turn('away', 1);
		expect(written).toEqual(['\u001B]9;tether · main: answer to away\u0007']);
		attention.setFocus('in');
		turn('back', 120);
		expect(written).toHaveLength(1);
	});

	it('notifies a long run in a terminal that never reports focus', () => {
		const {written, turn} = watched('bell');
		turn('short', 5);
		expect(written).toEqual([]);
		turn('long', 45);
		expect(written).toEqual(['\u0007']);
	});

	it('notifies a command waiting for approval unless the terminal is focused', () => {
		const {session, attention, written} = watched();
		session.change([], [{id: 'a1', command: 'rm -rf build'}]);
		expect(written).toEqual(['\u001B]9;tether · main: waiting for approval: rm -rf build\u0007']);
		attention.setFocus('in');
		session.change([], [{id: 'a1', command: 'rm -rf build'}, {id: 'a2', command: 'ls'}]);
		expect(written).toHaveLength(1);
	});

	it('does nothing at all when off', () => {
		const {attention, written, turn} = watched('off');
		expect(attention.enabled).toBe(false);
		attention.setFocus('out');
		turn('away', 100);
		expect(written).toEqual([]);
	});
});
