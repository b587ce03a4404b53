/** An agent for the benchmarks: numbered tokens at a steady rate. */

/** `rate` tokens a second, in 10 ms batches, numbered so that a lost or reordered one shows. */
export function tokenAgent(tokensPerSecond, durationS) {
	return {
		name: 'bench tokens',
		async *reply(_history, signal) {
			const total = tokensPerSecond * durationS;
			const perTick = tokensPerSecond / 100;
			const start = performance.now();
			for (let sent = 0; sent < total && !signal.aborted; ) {
				const due = Math.min(total, Math.floor(((performance.now() - start) / 10 + 1) * perTick));
				const batch = [];
				for (; sent < due; sent++) {
					batch.push(`t${sent + 1} `);
				}

				yield batch.join('');
				await new Promise(resolve => setTimeout(resolve, 10));
			}
		},
	};
}
