import chalk from 'chalk';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import wrapAnsi from 'wrap-ansi';
import {columnsOf} from '../../source/text/width.js';
import {wrapStyled, type WrapOptions} from '../../source/text/wrap.js';
import {seeded} from '../random.js';

const pieces = [
	'the', 'gateway', 'reconnect', 'a', 'supercalifragilisticexpialidocious', 'x'.repeat(45), '—', 'café', 'cafe\u0301', '“quoted”',
	'会话', '重新连接网关', '日本語のテキスト', '한국어', '👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', 'naïve', '½', '→', 'ｆｕｌｌ',
];

function line(random: () => number): string {
	const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
	const styles = [chalk.bold, chalk.red, chalk.bgBlue, chalk.dim.italic, chalk.underline.cyan, chalk.hex('#ff8800'), chalk.ansi256(200)];
	let out = '';
	const count = 1 + Math.floor(random() * 14);
	for (let index = 0; index < count; index++) {
		let word = pick(pieces);
		const kind = random();
		if (kind < 0.25) {
			word = pick(styles)(word);
		} else if (kind < 0.32) {
			word = `\u001B]8;;https://example.com/${index}\u0007${word}\u001B]8;;\u0007`;
		} else if (kind < 0.36) {
			word = chalk.bold(`${word} ${chalk.red(pick(pieces))} ${pick(pieces)}`);
		}

		out += word + pick([' ', ' ', ' ', '  ', '', '   ']);
	}

	return random() < 0.1 ? `  ${out}` : out;
}

const optionSets: Array<WrapOptions & {hard: true}> = [
	{hard: true, trim: false},
	{hard: true, trim: true},
	{hard: true, trim: false, wordWrap: false},
];

describe('wrapping styled text', () => {
	let level: typeof chalk.level;
	beforeAll(() => {
		level = chalk.level;
		chalk.level = 3;
	});
	afterAll(() => {
		chalk.level = level;
	});

	it('makes the rows wrap-ansi makes, for styles, links, wide characters, accents and emoji, at every width', () => {
		const random = seeded(18);
		const differences: string[] = [];
		for (let round = 0; round < 600; round++) {
			const text = line(random);
			const columns = 1 + Math.floor(random() * 40);
			for (const options of optionSets) {
				const ours = wrapStyled(text, columns, options);
				const theirs = wrapAnsi(text, columns, options);
				if (ours !== theirs && differences.length < 3) {
					differences.push(`${JSON.stringify(text)} at ${columns} ${JSON.stringify(options)}:\n ours   ${JSON.stringify(ours)}\n theirs ${JSON.stringify(theirs)}`);
				}
			}
		}

		expect(differences).toEqual([]);
	});

	it('never makes a row wider than asked, measured as the screen measures it', () => {
		const random = seeded(7);
		for (let round = 0; round < 300; round++) {
			const text = line(random);
			const columns = 2 + Math.floor(random() * 30);
			for (const row of wrapStyled(text, columns).split('\n')) {
				expect(columnsOf(row)).toBeLessThanOrEqual(columns);
			}
		}
	});

	it('runs a tab to the next 8-column stop, counting wide characters as two', () => {
		expect(wrapStyled('会话\tx', 20)).toBe('会话    x');
	});
});
