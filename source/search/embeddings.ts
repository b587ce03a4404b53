/**
 * Texts as vectors, from an OpenAI-compatible embeddings endpoint (`POST {base}/embeddings`, as OpenAI,
 * Ollama, llama.cpp and vLLM serve it): request `{model, input: string[]}`, answer `{data: [{index,
 * embedding: number[]}]}` (https://platform.openai.com/docs/api-reference/embeddings/create).
 */

/** Where embeddings come from: the base URL (…/v1), the model, and an API key if the endpoint wants one. */
export type EmbeddingsEndpoint = {baseUrl: string; model: string; apiKey?: string | undefined};

export class EmbeddingsFailed extends Error {}

/** Texts sent in one request: local servers take a few dozen at a time comfortably. */
export const embeddingsBatch = 32;

/**
 * The texts' vectors, in order, each scaled to length 1 (so a dot product is their cosine). Throws
 * `EmbeddingsFailed` naming the endpoint when it cannot be reached, refuses, or answers something else.
 */
export async function embed(endpoint: EmbeddingsEndpoint, texts: readonly string[], timeoutMs = 30_000): Promise<Float32Array[]> {
	const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/embeddings`;
	let response: Response;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: {'content-type': 'application/json', ...(endpoint.apiKey && {authorization: `Bearer ${endpoint.apiKey}`})},
			body: JSON.stringify({model: endpoint.model, input: texts}),
			signal: AbortSignal.timeout(timeoutMs),
		});
	} catch (error) {
		throw new EmbeddingsFailed(`${url}: ${error instanceof Error ? error.message : String(error)}`);
	}

	if (!response.ok) {
		throw new EmbeddingsFailed(`${url} answered ${response.status}`);
	}

	const body = (await response.json().catch(() => undefined)) as {data?: Array<{index?: unknown; embedding?: unknown}>} | undefined;
	const vectors: Float32Array[] = [];
	for (const [position, item] of (body?.data ?? []).entries()) {
		const index = typeof item.index === 'number' ? item.index : position;
		if (!Array.isArray(item.embedding) || !item.embedding.every(value => typeof value === 'number')) {
			break;
		}

		vectors[index] = unit(Float32Array.from(item.embedding));
	}

	const dimensions = vectors[0]?.length ?? 0;
	if (vectors.length !== texts.length || dimensions === 0 || vectors.some(vector => vector?.length !== dimensions)) {
		throw new EmbeddingsFailed(`${url} did not answer ${texts.length} embeddings of one size`);
	}

	return vectors;
}

function unit(vector: Float32Array): Float32Array {
	let norm = 0;
	for (const value of vector) {
		norm += value * value;
	}

	norm = Math.sqrt(norm);
	return norm === 0 ? vector : vector.map(value => value / norm);
}
