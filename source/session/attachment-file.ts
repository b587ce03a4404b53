/**
 * Files attached to a message (`/attach PATH`): described when attached, read again when the message is sent,
 * and refused if they changed meanwhile, so what the gateway gets is what the user chose.
 */
import {createHash} from 'node:crypto';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {TetherError} from '../errors.js';
import {formatBytes} from '../text/format.js';
import type {ChatAttachmentParam} from '../protocol/params.js';
import type {Attachment} from '../model/message.js';

/** A file that cannot be attached or sent; the message is one line naming the file and why. */
export class AttachmentError extends TetherError {}

/** OpenClaw's per-file limit when the gateway does not say (hello-ok `policy.attachments.maxBytes`, recorded). */
export const defaultMaxAttachmentBytes = 19_464_192;

const mimeTypes: Record<string, string> = {
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.pdf': 'application/pdf',
	'.txt': 'text/plain',
	'.md': 'text/markdown',
	'.csv': 'text/csv',
	'.json': 'application/json',
	'.html': 'text/html',
	'.log': 'text/plain',
};

function digest(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Reads `file` (relative to `cwd`) to attach it; throws AttachmentError if it is missing, not a file or over `maxBytes`. */
export async function describeAttachment(file: string, cwd: string, maxBytes = defaultMaxAttachmentBytes): Promise<Attachment> {
	const absolute = path.resolve(cwd, file.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
	const info = await stat(absolute).catch(() => undefined);
	if (!info) {
		throw new AttachmentError(`cannot attach ${file}: no such file`);
	}

	if (!info.isFile()) {
		throw new AttachmentError(`cannot attach ${file}: not a file`);
	}

	if (info.size > maxBytes) {
		throw new AttachmentError(`cannot attach ${file}: ${formatBytes(info.size)} is over the gateway's ${formatBytes(maxBytes)} a file`);
	}

	const bytes = await readFile(absolute);
	const fileName = path.basename(absolute);
	return {path: absolute, fileName, mimeType: mimeTypes[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream', sizeBytes: bytes.length, sha256: digest(bytes)};
}

/** The attachment as `chat.send` takes it; throws AttachmentError if the file is gone or changed since it was attached. */
export async function attachmentParam(attachment: Attachment): Promise<ChatAttachmentParam> {
	const bytes = await readFile(attachment.path).catch(() => undefined);
	if (bytes === undefined) {
		throw new AttachmentError(`${attachment.fileName} is gone since it was attached`);
	}

	if (digest(bytes) !== attachment.sha256) {
		throw new AttachmentError(`${attachment.fileName} changed since it was attached; /attach it again`);
	}

	const type = attachment.mimeType.startsWith('image/') ? 'image' : 'file';
	return {type, mimeType: attachment.mimeType, fileName: attachment.fileName, content: bytes.toString('base64'), origin: 'file', sizeBytes: bytes.length};
}
