/**
 * The oldest Node Tether runs on: the strictest `engines` of its dependencies (`@openclaw/gateway-protocol`
 * needs 22.19; ink, chalk and conf 22). package.json's `engines`, bin/tether.js and `doctor` say the same; a
 * test checks that they agree.
 */
export const minimumNode = '22.19.0';

/** Whether `version` (`22.19.0`, or `v24.1.0`) is `minimumNode` or newer. */
export function supportedNode(version: string): boolean {
	const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
	const [needMajor = 0, needMinor = 0] = minimumNode.split('.').map(Number);
	return major > needMajor || (major === needMajor && minor >= needMinor);
}
