/** Words as recall indexes and queries them: lower-cased, split at spaces, line breaks and punctuation. */
const separator = /[\n\r\p{Z}\p{P}]+/u;

export function tokenize(text: string): string[] {
	return text.toLowerCase().split(separator).filter(term => term !== '');
}
