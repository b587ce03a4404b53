/**
 * URL userinfo (`http://user:password@host/`) is a credential: it is sent as an `Authorization` header and never
 * shown or stored. Pure string work, no I/O.
 */

/** What replaces the userinfo of a URL wherever one is shown or stored. */
const hidden = '***';

/** `scheme://userinfo@` at the start of a URL, or anywhere in free text (an error message quoting one). */
const userinfoInText = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#@]+@/gi;

/**
 * A URL, or free text quoting URLs (an error message, a log line), with the userinfo of every URL in it replaced
 * by `***` (`http://***@host/v1`): what may be shown or stored.
 */
export function hideUserinfo(text: string): string {
	return text.replaceAll(userinfoInText, `$1${hidden}@`);
}

/**
 * A URL split into what may be requested and the credentials it carried: `url` without userinfo, and
 * `authorization` as HTTP Basic (`Basic base64(user:password)`, RFC 7617) when it had any. Throws TypeError
 * (the WHATWG URL parser's) when `url` is not a URL.
 */
export function urlCredentials(url: string): {url: string; authorization?: string} {
	const parsed = new URL(url);
	if (parsed.username === '' && parsed.password === '') {
		return {url};
	}

	const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
	parsed.username = '';
	parsed.password = '';
	return {url: parsed.toString(), authorization: `Basic ${Buffer.from(pair).toString('base64')}`};
}
