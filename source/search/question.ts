/**
 * A recall query read as a question: "what were we working on before the drop?" asks about the messages just
 * before the link dropped, which the words alone would not say. The phrase becomes that filter; the rest is
 * the query.
 */
const beforeDrop = /\bbefore\s+(?:(?:the|a|that|this|our|my|last)\s+)?(?:(?:link|connection|network|wifi)\s+)?(?:drop(?:ped)?|disconnect(?:ion|ed)?|outage|went\s+down)\b/iu;

export function readQuestion(question: string): {query: string; beforeDrop: boolean} {
	const match = beforeDrop.exec(question);
	return match ? {query: question.replace(match[0], ' ').trim(), beforeDrop: true} : {query: question, beforeDrop: false};
}
