import {describe, expect, it} from 'vitest';
import {hideUserinfo, urlCredentials} from '../../source/text/url-credentials.js';

describe('URL userinfo', () => {
	it('is hidden in a URL and in any text quoting URLs, the rest kept', () => {
		expect(hideUserinfo('http://user:pw@host:8080/v1?x=1')).toBe('http://***@host:8080/v1?x=1');
		expect(hideUserinfo('ws://token@10.0.0.2/')).toBe('ws://***@10.0.0.2/');
		expect(hideUserinfo('Request cannot be constructed from a URL that includes credentials: https://a:b%40c@h/v1 (then wss://x:y@z)')).toBe(
			'Request cannot be constructed from a URL that includes credentials: https://***@h/v1 (then wss://***@z)',
		);
		expect(hideUserinfo('http://host/v1 and mail me at a@b.example')).toBe('http://host/v1 and mail me at a@b.example');
	});

	it('becomes an HTTP Basic Authorization header (percent-decoded), and the URL keeps everything else', () => {
		expect(urlCredentials('http://alice:s%3Acret%40x@127.0.0.1:11434/v1')).toEqual({
			url: 'http://127.0.0.1:11434/v1',
			authorization: `Basic ${Buffer.from('alice:s:cret@x').toString('base64')}`,
		});
		expect(urlCredentials('http://127.0.0.1:11434/v1')).toEqual({url: 'http://127.0.0.1:11434/v1'});
	});
});
