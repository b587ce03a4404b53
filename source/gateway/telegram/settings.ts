/**
 * Whether the embedded gateway runs a Telegram bot, and as whom: the token from env `TETHER_TELEGRAM_TOKEN` or the
 * file `telegram-token` in the config directory (which must be private, 0600), the users it serves from
 * `telegram.allowed_users`, the Bot API root from `telegram.api_root`.
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import type {ConfigValues} from '../../config/keys.js';
import {TetherError} from '../../errors.js';
import type {TelegramSettings} from './channel.js';

export const tokenVariable = 'TETHER_TELEGRAM_TOKEN';
export const tokenFileName = 'telegram-token';

/** The Telegram setup cannot be used as it is; the message says what to fix, in one line. */
export class TelegramSetupError extends TetherError {}

/**
 * The bot's settings, or undefined when no token is set (no bot). Throws TelegramSetupError for a token file
 * others can read, or a token without `telegram.allowed_users` (the bot would answer no one).
 */
export async function telegramSettings(env: NodeJS.ProcessEnv, configDir: string, values: ConfigValues): Promise<TelegramSettings | undefined> {
	const token = env[tokenVariable]?.trim() || (await tokenFromFile(path.join(configDir, tokenFileName)));
	if (!token) {
		return undefined;
	}

	const allowedUsers = values['telegram.allowed_users'];
	if (allowedUsers === undefined) {
		throw new TelegramSetupError('a Telegram bot token is set but telegram.allowed_users is not: set it to your user id (tether config set telegram.allowed_users ID)');
	}

	const apiRoot = values['telegram.api_root'];
	return {token, allowedUsers, ...(apiRoot !== undefined && {apiRoot})};
}

async function tokenFromFile(file: string): Promise<string | undefined> {
	const info = await stat(file).catch(() => undefined);
	if (!info) {
		return undefined;
	}

	// The token gives whoever holds it the bot: like ssh with a private key, refuse one others can read.
	if ((info.mode & 0o077) !== 0) {
		throw new TelegramSetupError(`${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): chmod 600 ${file}`);
	}

	return (await readFile(file, 'utf8')).trim() || undefined;
}
