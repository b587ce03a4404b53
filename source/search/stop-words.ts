/**
 * English words that say nothing about what a message is about: pronouns, articles, auxiliaries, question
 * words and the commonest prepositions. Kept short on purpose (close to Lucene's and Snowball's lists): a
 * word like "before", "after", "down" or "not" can be what someone is looking for.
 */
export const stopWords: ReadonlySet<string> = new Set(
	(
		'a an and are as at be been being but by can could did do does doing for from had has have having he her ' +
		'hers him his how i if in into is it its me my of on or our ours she should so that the their them then ' +
		'there these they this those to us was we were what when where which while who whom why will with would ' +
		'you your yours'
	).split(' '),
);
