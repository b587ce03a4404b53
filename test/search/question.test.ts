import {describe, expect, it} from 'vitest';
import {readQuestion} from '../../source/search/question.js';
import {queryWords} from '../../source/search/tokenize.js';

describe('a recall query read as a question', () => {
	it('hears "before the drop" and its other spellings as the time before a drop', () => {
		expect(readQuestion('What were we working on before the drop?')).toEqual({query: 'What were we working on  ?', beforeDrop: true});
		for (const question of ['what happened before the disconnect', 'before the connection dropped', 'status before our outage', 'before the network went down']) {
			expect(readQuestion(question).beforeDrop).toBe(true);
		}

		expect(readQuestion('what did we eat before lunch?')).toEqual({query: 'what did we eat before lunch?', beforeDrop: false});
		expect(readQuestion('drop the table before the migration').beforeDrop).toBe(false);
	});

	it('keeps the words that say what it is about, as stems, and stop words only when there is nothing else', () => {
		expect(queryWords('What keepalive settings did we choose?')).toEqual([
			{word: 'keepalive', term: 'keepal'},
			{word: 'settings', term: 'set'},
			{word: 'choose', term: 'choos'},
		]);
		expect(queryWords('what were we').map(({word}) => word)).toEqual(['what', 'were', 'we']);
	});
});
