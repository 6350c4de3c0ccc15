import type { CompareContext } from './compare-context.js';

/**
 * PostgreSQL extensions: created first (types such as `vector` come from them), dropped last.
 * The dialect's normalize leaves out extensions every database has (plpgsql).
 *
 * @example
 * compareExtensions(ctx);
 */
export function compareExtensions(ctx: CompareContext): void {
  const before = new Set(ctx.current.extensions);
  const after = new Set(ctx.target.extensions);
  for (const name of ctx.target.extensions) {
    if (!before.has(name)) ctx.emit('createExtension', { kind: 'createExtension', name });
  }
  for (const name of ctx.current.extensions) {
    if (!after.has(name)) ctx.emit('dropExtension', { kind: 'dropExtension', name });
  }
}
