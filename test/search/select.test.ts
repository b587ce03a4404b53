import {describe, expect, it} from 'vitest';
import {Best} from '../../source/search/select.js';

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
			whole.offerAll(0, scores);
			expect(whole.hits()).toEqual(one.hits());
		}
	});
});
