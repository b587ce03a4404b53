import {describe, expect, it} from 'vitest';
import {agentFingerprint, agentFromSettings, agentLabel, agentMismatch, agentSettings, recordedAgent} from '../../source/gateway/agent-settings.js';
import {endpointMessage} from '../../source/gateway/agents.js';
import {Config} from '../../source/config/config.js';
import {tempDir} from '../helpers.js';

const local = {'agent.base_url': 'http://127.0.0.1:11434/v1', 'agent.model': 'llama3.2'};

describe('the embedded agent’s settings', () => {
	it('are the offline echo when nothing names an endpoint', () => {
		expect(agentSettings({}, {})).toEqual({kind: 'offline'});
		expect(agentLabel(agentSettings({}, {TETHER_MODEL: 'ignored'}))).toBe('offline echo');
	});

	it('come from the config keys, the key only as the name of the variable that holds it', () => {
		const settings = agentSettings({...local, 'agent.api_key_env': 'MY_KEY'}, {});
		expect(settings).toEqual({kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2', apiKeyEnv: 'MY_KEY', origin: 'config agent.base_url'});
		expect(agentLabel(settings)).toBe('llama3.2 @ 127.0.0.1:11434');
		expect(agentSettings(local, {})).toMatchObject({apiKeyEnv: 'OPENAI_API_KEY'});
		expect(agentFromSettings(settings, {MY_KEY: 'sk-1'}).model).toMatchObject({id: 'llama3.2', host: '127.0.0.1:11434'});
	});

	it('are overridden for one run by TETHER_OPENAI_BASE_URL and TETHER_MODEL (an empty variable counts as unset)', () => {
		expect(agentLabel(agentSettings(local, {TETHER_OPENAI_BASE_URL: 'http://10.0.0.2:8000/v1'}))).toBe('llama3.2 @ 10.0.0.2:8000');
		expect(agentLabel(agentSettings(local, {TETHER_MODEL: 'qwen3:8b'}))).toBe('qwen3:8b @ 127.0.0.1:11434');
		expect(agentSettings(local, {TETHER_OPENAI_BASE_URL: '', TETHER_MODEL: ''})).toMatchObject({model: 'llama3.2', origin: 'config agent.base_url'});
		expect(agentSettings({}, {TETHER_OPENAI_BASE_URL: 'http://h:1/v1', TETHER_MODEL: 'm'})).toMatchObject({origin: 'env TETHER_OPENAI_BASE_URL'});
	});

	it('never default the model: a base URL without one is refused in one line naming the fix', () => {
		expect(() => agentSettings({'agent.base_url': 'http://127.0.0.1:11434/v1'}, {})).toThrow(
			'a model endpoint is set (config agent.base_url) but no model: tether config set agent.model NAME (for example llama3.2), or set TETHER_MODEL for one run',
		);
		expect(() => agentSettings({}, {TETHER_OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1'})).toThrow(/env TETHER_OPENAI_BASE_URL.*agent\.model/);
	});

	it('are validated by tether config: a URL, a model name, a variable name', async () => {
		const config = new Config(await tempDir());
		await config.set('agent.base_url', 'http://127.0.0.1:11434/v1');
		await config.set('agent.model', 'llama3.2');
		await config.set('agent.api_key_env', 'OLLAMA_KEY');
		expect(config.values()).toMatchObject({'agent.base_url': 'http://127.0.0.1:11434/v1', 'agent.model': 'llama3.2', 'agent.api_key_env': 'OLLAMA_KEY'});
		await expect(config.set('agent.base_url', '127.0.0.1:11434')).rejects.toThrow('invalid value for agent.base_url: must be an http:// or https:// URL');
		await expect(config.set('agent.api_key_env', 'sk-abc123')).rejects.toThrow('must be an environment variable name');
		await expect(config.set('agent.model', 'two words')).rejects.toThrow('agent.model');
	});

	it('are recorded without the URL’s password, and compared by fingerprint', () => {
		const withPassword = agentSettings({...local, 'agent.base_url': 'http://user:hunter2@127.0.0.1:11434/v1'}, {});
		expect(JSON.stringify(recordedAgent(withPassword))).not.toContain('hunter2');
		expect(agentFingerprint(agentSettings(local, {}))).toBe(agentFingerprint(agentSettings({...local, 'agent.base_url': 'http://127.0.0.1:11434/v1/'}, {})));
		expect(agentMismatch(recordedAgent(agentSettings(local, {})), agentSettings(local, {}))).toBeUndefined();
		expect(agentMismatch(undefined, agentSettings(local, {}))).toBeUndefined();
		expect(agentMismatch(recordedAgent({kind: 'offline'}), agentSettings(local, {}))).toBe(
			'the embedded gateway runs offline echo, but your settings ask for llama3.2 @ 127.0.0.1:11434: tether serve --restart restarts it with yours',
		);
	});
});

describe('endpointMessage', () => {
	it.each([
		['OpenAI’s error object', '{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error"}}', 'The model `gpt-9` does not exist'],
		['Ollama’s error string', '{"error":"model \\"llama9\\" not found, try pulling it first"}', 'model "llama9" not found, try pulling it first'],
		['a bare message', '{"message":"Unauthorized"}', 'Unauthorized'],
		['plain text over lines', 'Bad\n  Gateway\n', 'Bad Gateway'],
		['nothing', '', ''],
	])('reads %s', (_what, body, said) => {
		expect(endpointMessage(body)).toBe(said);
	});

	it('keeps a long body to one line of 300 characters', () => {
		expect(endpointMessage('x'.repeat(5000))).toHaveLength(300);
	});
});
