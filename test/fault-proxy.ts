/**
 * A fault-injecting TCP proxy between a client and a gateway on loopback: it can close every connection,
 * stall (stop forwarding without closing), delay, or misbehave at random (seeded) until told to stop.
 */
import net from 'node:net';

export type FaultProxy = {
	readonly port: number;
	readonly url: string;
	/** How many client connections are open right now, and the most there ever were at once. */
	readonly open: number;
	readonly peakOpen: number;
	/** Connections the proxy cut so far. */
	readonly drops: number;
	dropAll(): void;
	stall(stalled: boolean): void;
	/** Freezes the connections open now, for good; new ones work (a link that died during sleep). */
	freezeExisting(): void;
	setDelay(ms: number): void;
	/** Cuts connections every 0.2–3 s (and sometimes stalls a while) until stopped. */
	chaos(random: () => number): () => void;
	close(): Promise<void>;
};

type Pair = {client: net.Socket; upstream: net.Socket; frozen: boolean};

export async function faultProxy(targetPort: number): Promise<FaultProxy> {
	const pairs = new Set<Pair>();
	let stalled = false;
	let delayMs = 0;
	let drops = 0;
	let peakOpen = 0;
	const forward = (pair: Pair, from: net.Socket, to: net.Socket) => {
		// Delayed chunks keep their order even when the delay shrinks: each leaves no earlier than the last.
		let releaseAt = 0;
		from.on('data', chunk => {
			if (stalled || pair.frozen) {
				return; // Swallowed: a stalled proxy forwards nothing, like a frozen peer.
			}

			releaseAt = Math.max(releaseAt, Date.now() + delayMs);
			const wait = releaseAt - Date.now();
			if (wait > 0) {
				setTimeout(() => to.writable && to.write(chunk), wait);
			} else {
				to.write(chunk);
			}
		});
	};

	const server = net.createServer(client => {
		const upstream = net.connect({host: '127.0.0.1', port: targetPort});
		const pair = {client, upstream, frozen: false};
		pairs.add(pair);
		peakOpen = Math.max(peakOpen, pairs.size);
		forward(pair, client, upstream);
		forward(pair, upstream, client);
		const end = () => {
			pairs.delete(pair);
			client.destroy();
			upstream.destroy();
		};

		client.on('close', end);
		upstream.on('close', end);
		client.on('error', end);
		upstream.on('error', end);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;

	const dropAll = () => {
		for (const pair of pairs) {
			drops += 1;
			pairs.delete(pair);
			pair.client.destroy();
			pair.upstream.destroy();
		}
	};

	return {
		port,
		url: `ws://127.0.0.1:${port}`,
		get open() {
			return pairs.size;
		},
		get peakOpen() {
			return peakOpen;
		},
		get drops() {
			return drops;
		},
		dropAll,
		stall(value) {
			stalled = value;
		},
		freezeExisting() {
			for (const pair of pairs) {
				pair.frozen = true;
			}
		},
		setDelay(ms) {
			delayMs = ms;
		},
		chaos(random) {
			let timer: NodeJS.Timeout;
			const next = () => {
				timer = setTimeout(
					() => {
						const roll = random();
						if (roll < 0.15) {
							stalled = true;
							setTimeout(() => {
								stalled = false;
								dropAll();
							}, 300 + random() * 700);
						} else if (roll < 0.3) {
							delayMs = Math.round(random() * 50);
						} else {
							dropAll();
						}

						next();
					},
					200 + random() * 2800,
				);
			};

			next();
			return () => {
				clearTimeout(timer);
				stalled = false;
				delayMs = 0;
			};
		},
		async close() {
			dropAll();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
