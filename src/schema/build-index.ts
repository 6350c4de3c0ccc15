import { AthanorError } from '../errors.js';
import type { CreateIndexOptions } from '../operations/op-types.js';
import { isSqlFragment, type SqlFragment } from '../operations/sql-tag.js';
import { isColumnRef } from './column-builder.js';
import { deepFreeze } from './deep-freeze.js';
import type { IndexModel, IndexPart } from './model.js';
import {
  constraintName,
  defaultNamingConvention,
  expressionNamePart,
  type NamingConvention,
} from './naming.js';
import { sqlText } from './sql-text.js';
import type { IndexSpec, IndexTarget } from './table-extras.js';

/**
 * The IndexModel of `op.createIndex(name, table, columns, options)`. A string is a column name,
 * optionally followed by ` asc` / ` desc`; an sql`` fragment is an expression.
 *
 * @example
 * buildIndexModel('ix_users_email', 'users', ['email'], { unique: true });
 * buildIndexModel('ix_jobs_embedding', 'jobs', ['embedding'], { using: 'hnsw', opclass: 'vector_cosine_ops', with: { m: 16 } });
 */
export function buildIndexModel(
  name: string,
  table: string,
  columns: readonly (string | SqlFragment)[],
  options: CreateIndexOptions,
): IndexModel {
  return assembleIndex(name, table, indexParts(table, columns, options.opclass, name), options);
}

/**
 * The IndexModel of an `index()` extra of a table, named by the convention when unnamed.
 *
 * @example
 * indexFromSpec('jobs', index().on('title').spec); // { name: 'ix_jobs_title', ... }
 */
export function indexFromSpec(
  table: string,
  spec: IndexSpec,
  naming: NamingConvention = defaultNamingConvention,
): IndexModel {
  if (spec.parts.length === 0) {
    throw new AthanorError(
      'E_SCHEMA',
      `index ${spec.name ?? ''} on ${table} has no columns: call .on(...)`,
    );
  }
  const parts = indexParts(table, spec.parts, spec.opclass, spec.name ?? 'index');
  const name =
    spec.name ?? constraintName('index', { table, columns: parts.map(partNameWord) }, naming);
  return assembleIndex(name, table, parts, spec);
}

function assembleIndex(
  name: string,
  table: string,
  parts: readonly IndexPart[],
  options: {
    unique?: boolean | undefined;
    where?: string | SqlFragment | undefined;
    using?: string | undefined;
    with?: Readonly<Record<string, string | number>> | undefined;
    requires?: IndexModel['requires'];
  },
): IndexModel {
  return deepFreeze({
    name,
    table,
    parts: [...parts],
    unique: options.unique ?? false,
    ...(options.where === undefined ? {} : { where: sqlText(options.where) }),
    ...(options.using === undefined ? {} : { using: options.using }),
    ...(options.with === undefined ? {} : { with: { ...options.with } }),
    ...(options.requires === undefined ? {} : { requires: options.requires }),
  });
}

function partNameWord(part: IndexPart): string {
  return 'column' in part ? part.column : expressionNamePart(part.expression);
}

function indexParts(
  table: string,
  targets: readonly IndexTarget[],
  opclass: CreateIndexOptions['opclass'],
  indexName: string,
): IndexPart[] {
  const parts = targets.map((target) => toIndexPart(table, target));
  if (opclass === undefined) return parts;
  if (typeof opclass === 'string') return parts.map((part) => ({ ...part, opclass }));
  const columns = new Set(parts.flatMap((part) => ('column' in part ? [part.column] : [])));
  for (const key of Object.keys(opclass)) {
    if (!columns.has(key)) {
      throw new AthanorError(
        'E_SCHEMA',
        `index ${indexName} on ${table}: opclass for '${key}', which is not one of its columns`,
      );
    }
  }
  return parts.map((part) => {
    const oc = 'column' in part ? opclass[part.column] : undefined;
    return oc === undefined ? part : { ...part, opclass: oc };
  });
}

function toIndexPart(table: string, target: IndexTarget): IndexPart {
  if (isSqlFragment(target)) return { expression: sqlText(target) };
  if (isColumnRef(target)) {
    if (target.table !== table) {
      throw new AthanorError(
        'E_SCHEMA',
        `index on ${table} uses ${target.table}.${target.column}, a column of another table`,
      );
    }
    return { column: target.column };
  }
  const match = /^(.*?)\s+(asc|desc)$/i.exec(target);
  if (match?.[1] && match[2])
    return { column: match[1], order: match[2].toLowerCase() as 'asc' | 'desc' };
  return { column: target };
}
