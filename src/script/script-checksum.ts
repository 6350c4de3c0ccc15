import { createHash } from 'node:crypto';

/**
 * The checksum recorded in the log table for each applied step: sha256 (hex) of the file's
 * source with CRLF line endings turned into LF, so a checkout on Windows gives the same value.
 *
 * @example
 * checksumSource('a\r\nb') === checksumSource('a\nb'); // true
 */
export function checksumSource(source: string | Buffer): string {
  const text = typeof source === 'string' ? source : source.toString('utf8');
  return createHash('sha256').update(text.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}
