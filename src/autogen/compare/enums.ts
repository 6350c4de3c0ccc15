import type { EnumModel } from '../../schema/model.js';
import { schemaField, type CompareContext } from './compare-context.js';

const key = (e: EnumModel) => (e.schema === undefined ? e.name : `${e.schema}.${e.name}`);

/**
 * Enum types: new ones are created, unused ones dropped (after the columns that used them), new
 * values added in place (`before` / `after` a neighbour). PostgreSQL cannot drop or reorder enum
 * values, so removed and reordered values become notes, not operations.
 *
 * @example
 * compareEnums(ctx);
 */
export function compareEnums(ctx: CompareContext): void {
  const before = new Map(ctx.current.enums.map((e) => [key(e), e]));
  const after = new Set(ctx.target.enums.map(key));
  for (const e of ctx.target.enums) {
    const old = before.get(key(e));
    if (old === undefined) {
      ctx.emit('createEnum', {
        kind: 'createEnum',
        name: e.name,
        values: [...e.values],
        ...schemaField(e.schema),
      });
    } else {
      compareValues(ctx, old, e);
    }
  }
  for (const e of ctx.current.enums) {
    if (!after.has(key(e)))
      ctx.emit('dropEnum', { kind: 'dropEnum', name: e.name, ...schemaField(e.schema) });
  }
}

function compareValues(ctx: CompareContext, old: EnumModel, next: EnumModel): void {
  const schema = schemaField(next.schema);
  const existing = new Set(old.values);
  const firstKept = next.values.find((v) => existing.has(v));
  next.values.forEach((value, i) => {
    if (existing.has(value)) return;
    const previous = next.values[i - 1];
    const position =
      previous !== undefined
        ? { after: previous }
        : firstKept !== undefined
          ? { before: firstKept }
          : {};
    ctx.emit('createEnum', {
      kind: 'addEnumValue',
      name: next.name,
      value,
      ...position,
      ...schema,
    });
  });
  const wanted = new Set(next.values);
  for (const value of old.values) {
    if (!wanted.has(value))
      ctx.note({ kind: 'enumValueRemoved', ...schema, enum: next.name, value });
  }
  const keptOld = old.values.filter((v) => wanted.has(v));
  const keptNew = next.values.filter((v) => existing.has(v));
  if (keptOld.join('\u0000') !== keptNew.join('\u0000')) {
    ctx.note({
      kind: 'enumValuesReordered',
      ...schema,
      enum: next.name,
      from: [...old.values],
      to: [...next.values],
    });
  }
}
