/** The comment that turns rules off for the next line, after ESLint's `eslint-disable-next-line`. */
const DIRECTIVE = /\/\/\s*athanor-lint-disable-next-line\b(.*)$/;

/**
 * Rule ids turned off per line of a migration file: a comment
 * `// athanor-lint-disable-next-line drop-column, rename-column -- why` on line N turns those
 * rules off for line N + 1 (the line of the `op.*` call). Without ids it turns every rule off.
 * Text after ` -- ` is a reason, for people.
 *
 * @example
 * lineSuppressions('// athanor-lint-disable-next-line drop-column\nawait op.dropColumn("users", "x");');
 * // Map { 2 => ['drop-column'] }
 */
export function lineSuppressions(source: string): ReadonlyMap<number, readonly string[]> {
  const result = new Map<number, readonly string[]>();
  source.split(/\r?\n/).forEach((text, i) => {
    const match = DIRECTIVE.exec(text);
    if (!match) return;
    const ids = (match[1] ?? '').split(/\s--\s|\s--$/)[0] ?? '';
    result.set(i + 2, Object.freeze(ids.split(/[\s,]+/).filter((id) => id !== '')));
  });
  return result;
}

/**
 * Whether a finding of `rule` on `line` is turned off by a comment or by the migration's own
 * `lint: { disable: [...] }`.
 *
 * @example
 * isSuppressed('drop-column', 2, lineSuppressions(source), []); // true
 */
export function isSuppressed(
  rule: string,
  line: number | undefined,
  byLine: ReadonlyMap<number, readonly string[]>,
  disabled: readonly string[],
): boolean {
  if (disabled.includes(rule)) return true;
  const ids = line === undefined ? undefined : byLine.get(line);
  return ids !== undefined && (ids.length === 0 || ids.includes(rule));
}
