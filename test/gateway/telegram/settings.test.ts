import {chmod, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {configKeys} from '../../../source/config/keys.js';
import {telegramSettings, TelegramSetupError} from '../../../source/gateway/telegram/settings.js';
import {withModel} from '../../../source/session/model-info.js';
import {tempDir} from '../../helpers.js';

const token = '4242:AAsettings-test-token';

describe('the Telegram settings', () => {
	it('has no bot without a token', async () => {
		expect(await telegramSettings({}, await tempDir(), {'telegram.allowed_users': [1]})).toBeUndefined();
	});

	it('takes the token from TETHER_TELEGRAM_TOKEN, or else from telegram-token in the config dir, and the users and API root from the config', async () => {
		const dir = await tempDir();
		const values = {'telegram.allowed_users': [11, 22], 'telegram.api_root': 'http://127.0.0.1:8081'};
		expect(await telegramSettings({TETHER_TELEGRAM_TOKEN: ` ${token}\n`}, dir, values)).toEqual({token, allowedUsers: [11, 22], apiRoot: 'http://127.0.0.1:8081'});
		await writeFile(path.join(dir, 'telegram-token'), `${token}\n`, {mode: 0o600});
		expect(await telegramSettings({}, dir, {'telegram.allowed_users': [11]})).toEqual({token, allowedUsers: [11]});
	});

	it('refuses a token file other users can read, and a token with no allowed users, each in one line', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'telegram-token');
		await writeFile(file, token);
		await chmod(file, 0o644);
		await expect(telegramSettings({}, dir, {'telegram.allowed_users': [1]})).rejects.toThrow(new TelegramSetupError(`${file} can be read by other users (mode 644): chmod 600 ${file}`));
		await expect(telegramSettings({TETHER_TELEGRAM_TOKEN: token}, dir, {})).rejects.toThrow(/telegram\.allowed_users is not: set it to your user id/);
	});

	it('reads telegram.allowed_users from the command line (commas or spaces) or the file (a JSON array), and refuses anything but user ids', () => {
		const parse = configKeys['telegram.allowed_users'].parse;
		expect(parse('123456789, 987654321')).toEqual({ok: true, value: [123_456_789, 987_654_321]});
		expect(parse([5, '6'])).toEqual({ok: true, value: [5, 6]});
		for (const bad of ['', '@alice', '12,x', [], [-1], [1.5], 'null']) {
			expect(parse(bad)).toMatchObject({ok: false, reason: 'must be Telegram user ids (whole numbers), separated by commas'});
		}

		expect(configKeys['telegram.api_root'].parse('https://api.telegram.org/')).toMatchObject({ok: false});
	});
});

describe('the session row’s channel, as the status line learns it', () => {
	it('is kept from a row that names it, cleared by a row that does not, and left alone by usage that is not a row', () => {
		const onTelegram = withModel({}, {key: 'agent:main:main', model: 'echo', channel: 'telegram'});
		expect(onTelegram).toEqual({model: 'echo', channel: 'telegram'});
		expect(withModel(onTelegram, {totalTokens: 10})).toEqual({model: 'echo', channel: 'telegram', totalTokens: 10});
		expect(withModel(onTelegram, {key: 'agent:main:main', model: 'echo'})).toEqual({model: 'echo'});
	});
});
