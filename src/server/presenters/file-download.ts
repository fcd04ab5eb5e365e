import type { FastifyReply } from 'fastify';

/** A file name reduced to what an old-style `filename="…"` header can carry. */
function asciiName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '_');
}

/**
 * Sends bytes as a download (or shown in the browser with `inline`), the UTF-8 name in
 * `filename*` for browsers and an ASCII one for the others.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { bytes: Uint8Array; mimeType: string; fileName: string },
  options: { inline?: boolean } = {},
): FastifyReply {
  const disposition = options.inline ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.mimeType)
    .header(
      'content-disposition',
      `${disposition}; filename="${asciiName(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}
