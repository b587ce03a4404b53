/** The hint an error about an unknown name ends with: ` (did you mean a, b?)`, or nothing when none is close. */
export function didYouMean(suggestions: readonly string[]): string {
	return suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : '';
}
