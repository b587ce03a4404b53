import {describe, expect, it} from 'vitest';
import {Best, discountRepeats} from '../../source/search/select.js';

describe('choosing the best hits', () => {
	it('offers a segment whole as it would one document at a time, grouped or flat', () => {
		// Five sessions of 40 documents, scores with ties and zeros, from a fixed sequence.
		const owners = Uint32Array.from({length: 200}, (_, doc) => Math.floor(doc / 40));
		const segments = [{sessionNames: ['a', 'b', 'c', 'd', 'e'], owners, fingerprints: new Uint32Array(200)}];
		const scores = Float64Array.from({length: 200}, (_, doc) => ((doc * 7919) % 13) % 5);
		for (const options of [{limit: 7, perSession: 3}, {limit: 7}, {limit: 20, perSession: 1}]) {
			const one = new Best(segments, options);
			for (const [doc, score] of scores.entries()) {
				if (score > 0) {
					one.offer(0, doc, score);
				}
			}

			const whole = new Best(segments, options);
			whole.offerAll(0, scores, Uint32Array.from(scores.keys()).filter(doc => scores[doc]! > 0));
			expect(whole.hits()).toEqual(one.hits());
		}
	});
});

describe('discounting what a session repeats', () => {
	it('divides each scored copy of a message by 1 + ln(copies), per session, and leaves the unscored alone', () => {
		// Two sessions of four documents; fingerprint 7 is said three times in "a" (one unscored) and once in "b".
		const owners = Uint32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
		const fingerprints = Uint32Array.of(7, 7, 9, 7, 7, 3, 3, 5);
		const scores = Float64Array.of(1, 2, 4, 0, 8, 1, 1, 0);
		discountRepeats({sessionNames: ['a', 'b'], owners, fingerprints}, scores, Uint32Array.of(0, 1, 2, 4, 5, 6));
		const twice = 1 + Math.log(2);
		expect([...scores]).toEqual([1 / twice, 2 / twice, 4, 0, 8, 1 / twice, 1 / twice, 0]);
	});
});
