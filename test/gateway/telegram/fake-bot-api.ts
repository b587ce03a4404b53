/**
 * A fake Telegram Bot API on 127.0.0.1 (port 0): the methods the channel calls (getMe, getUpdates with long
 * polling, sendMessage, editMessageText, deleteMessage, sendChatAction), answering as the real one does
 * (https://core.telegram.org/bots/api: `{ok, result}` or `{ok: false, error_code, description}`), recording every
 * call. `down` makes it drop connections, as an unreachable Telegram would look.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {onCleanup} from '../../helpers.js';

export type Call = {method: string; params: Record<string, unknown>; at: number};
export type ShownMessage = {chatId: number; messageId: number; text: string; edits: number};

export async function fakeBotApi(token: string) {
	const calls: Call[] = [];
	type Update = {update_id: number; message: Record<string, unknown>};
	const updates: Update[] = [];
	/** Every update ever offered, to offer one again. */
	const offered = new Map<number, Update>();
	const messages = new Map<string, ShownMessage>();
	const waiters = new Set<() => void>();
	let nextUpdateId = 100;
	let nextMessageId = 1;
	let down = false;

	const answer = (response: http.ServerResponse, status: number, body: unknown) => {
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(JSON.stringify(body));
	};

	const refuse = (response: http.ServerResponse, status: number, description: string) => answer(response, status, {ok: false, error_code: status, description});

	const message = (chatId: number, messageId: number, text: string) => ({message_id: messageId, date: Math.floor(Date.now() / 1000), chat: {id: chatId, type: 'private'}, text});

	const handle = async (method: string, params: Record<string, unknown>, response: http.ServerResponse) => {
		switch (method) {
			case 'getMe': {
				answer(response, 200, {ok: true, result: {id: 4242, is_bot: true, first_name: 'Tether', username: 'tether_test_bot'}});
				return;
			}

			case 'getUpdates': {
				const offset = Number(params.offset ?? 0);
				// Updates before the offset are confirmed: Telegram forgets them.
				updates.splice(0, updates.length, ...updates.filter(update => update.update_id >= offset));
				if (updates.length === 0 && Number(params.timeout ?? 0) > 0) {
					await new Promise<void>(resolve => {
						const timer = setTimeout(done, Number(params.timeout) * 1000);
						function done() {
							clearTimeout(timer);
							waiters.delete(done);
							resolve();
						}

						waiters.add(done);
						// The response's close, not the request's: a request closes once its body is read.
						response.once('close', done);
					});
				}

				if (!response.destroyed) {
					answer(response, 200, {ok: true, result: updates.slice(0, Number(params.limit ?? 100))});
				}

				return;
			}

			case 'sendMessage': {
				const messageId = nextMessageId++;
				messages.set(`${Number(params.chat_id)}/${messageId}`, {chatId: Number(params.chat_id), messageId, text: String(params.text), edits: 0});
				answer(response, 200, {ok: true, result: message(Number(params.chat_id), messageId, String(params.text))});
				return;
			}

			case 'editMessageText': {
				const shown = messages.get(`${Number(params.chat_id)}/${Number(params.message_id)}`);
				if (!shown) {
					refuse(response, 400, 'Bad Request: message to edit not found');
				} else if (shown.text === params.text) {
					refuse(response, 400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
				} else {
					shown.text = String(params.text);
					shown.edits += 1;
					answer(response, 200, {ok: true, result: message(shown.chatId, shown.messageId, shown.text)});
				}

				return;
			}

			case 'deleteMessage': {
				messages.delete(`${Number(params.chat_id)}/${Number(params.message_id)}`);
				answer(response, 200, {ok: true, result: true});
				return;
			}

			case 'sendChatAction': {
				answer(response, 200, {ok: true, result: true});
				return;
			}

			default: {
				refuse(response, 404, 'Not Found: method not found');
			}
		}
	};

	const server = http.createServer((request, response) => {
		if (down) {
			request.socket.destroy();
			return;
		}

		let body = '';
		request.on('data', chunk => {
			body += chunk;
		});
		request.on('end', () => {
			const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
			if (!match) {
				refuse(response, 404, 'Not Found');
				return;
			}

			if (match[1] !== token) {
				refuse(response, 401, 'Unauthorized');
				return;
			}

			const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
			calls.push({method: match[2]!, params, at: Date.now()});
			void handle(match[2]!, params, response);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	onCleanup(async () => {
		for (const waiter of waiters) {
			waiter();
		}

		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});
	const {port} = server.address() as AddressInfo;

	return {
		apiRoot: `http://127.0.0.1:${port}`,
		calls,
		/** The calls of one method, in order. */
		callsOf: (method: string) => calls.filter(call => call.method === method),
		/** What a chat shows now, oldest message first. */
		chat: (chatId: number) => [...messages.values()].filter(shown => shown.chatId === chatId).toSorted((a, b) => a.messageId - b.messageId),
		/** A user writes to the bot: the update getUpdates hands out next. Commands carry their bot_command entity, as Telegram's do. */
		userSends(userId: number, chatId: number, text: string) {
			const command = /^\/\w+/.exec(text);
			const updateId = nextUpdateId++;
			offered.set(updateId, {
				update_id: updateId,
				message: {
					message_id: 1000 + updateId,
					from: {id: userId, is_bot: false, first_name: `user ${userId}`},
					chat: {id: chatId, type: 'private'},
					date: Math.floor(Date.now() / 1000),
					text,
					...(command && {entities: [{type: 'bot_command', offset: 0, length: command[0].length}]}),
				},
			});
			this.offerAgain(updateId);
			return updateId;
		},
		/** Offers an update again, as Telegram does for one a bot never confirmed (its offset was lost). */
		offerAgain(updateId: number) {
			updates.push(offered.get(updateId)!);
			for (const waiter of waiters) {
				waiter();
			}
		},
		/** Updates not yet confirmed by a getUpdates offset past them. */
		unconfirmed: () => updates.length,
		setDown(value: boolean) {
			down = value;
			if (value) {
				for (const waiter of waiters) {
					waiter();
				}

				server.closeAllConnections();
			}
		},
	};
}

export type FakeBotApi = Awaited<ReturnType<typeof fakeBotApi>>;

/** The text a chat shows, without Telegram HTML: tags dropped, entities read. */
export function plain(html: string): string {
	return html.replaceAll(/<[^>]+>/g, '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}
