import type {
  AddConstraint,
  ConstraintModel,
  CreateIndex,
  DropConstraint,
  DropIndex,
} from '../operations/operation.js';
import { constraintNameOf, tableConstraints } from '../schema/constraint-names.js';
import type { TableModel } from '../schema/model.js';
import {
  isKey,
  opFailure,
  qualify,
  referencesTo,
  requireReferenceTarget,
  requireTable,
  sameSet,
  tableKey,
  type WorkingModel,
} from './apply-model-state.js';

export function applyCreateIndex(w: WorkingModel, op: CreateIndex): void {
  const table = requireTable(w, op, op.schema, op.index.table);
  const namespace = table.schema;
  for (const other of w.tables.values()) {
    if (other.schema === namespace && other.indexes.some((i) => i.name === op.index.name)) {
      if (op.ifNotExists) return;
      throw opFailure(op, `index ${op.index.name} exists (on ${other.name})`);
    }
  }
  for (const part of op.index.parts) {
    if ('column' in part && !table.columns.some((c) => c.name === part.column)) {
      throw opFailure(
        op,
        `index ${op.index.name} uses unknown column ${table.name}.${part.column}`,
      );
    }
  }
  w.tables.set(tableKey(table), { ...table, indexes: [...table.indexes, op.index] });
}

export function applyDropIndex(w: WorkingModel, op: DropIndex): void {
  const candidates =
    op.table === undefined
      ? [...w.tables.values()].filter((t) => t.schema === op.schema)
      : [requireTable(w, op, op.schema, op.table)];
  const table = candidates.find((t) => t.indexes.some((i) => i.name === op.name));
  if (!table) {
    if (op.ifExists) return;
    throw opFailure(op, `index ${op.name} does not exist`);
  }
  w.tables.set(tableKey(table), {
    ...table,
    indexes: table.indexes.filter((i) => i.name !== op.name),
  });
}

export function applyAddConstraint(w: WorkingModel, op: AddConstraint): void {
  const table = requireTable(w, op, op.schema, op.table);
  const constraint = op.constraint;
  const name = constraint.name;
  if (tableConstraints(table).some((c) => constraintNameOf(table, c, w.naming) === name)) {
    throw opFailure(op, `constraint ${name} exists on ${table.name}`);
  }
  const columns = constraint.type === 'check' ? [] : constraint.columns;
  const missing = columns.find((c) => !table.columns.some((col) => col.name === c));
  if (missing !== undefined)
    throw opFailure(op, `constraint ${name} uses unknown column ${table.name}.${missing}`);
  w.tables.set(tableKey(table), withConstraint(w, op, table));
}

function withConstraint(w: WorkingModel, op: AddConstraint, table: TableModel): TableModel {
  const constraint = op.constraint;
  switch (constraint.type) {
    case 'primaryKey':
      if (table.primaryKey) throw opFailure(op, `table ${table.name} already has a primary key`);
      return { ...table, primaryKey: { name: constraint.name, columns: constraint.columns } };
    case 'unique':
      return {
        ...table,
        uniques: [...table.uniques, { name: constraint.name, columns: constraint.columns }],
      };
    case 'check':
      return {
        ...table,
        checks: [...table.checks, { name: constraint.name, expression: constraint.expression }],
      };
    case 'foreignKey': {
      const { type: _type, ...fk } = constraint;
      requireReferenceTarget(w, op, table, fk);
      return { ...table, foreignKeys: [...table.foreignKeys, fk] };
    }
  }
}

export function applyDropConstraint(w: WorkingModel, op: DropConstraint): void {
  const table = requireTable(w, op, op.schema, op.table);
  const found = tableConstraints(table).find(
    (c) =>
      constraintNameOf(table, c, w.naming) === op.name &&
      (op.type === undefined || op.type === c.type),
  );
  if (!found) throw opFailure(op, `constraint ${op.name} does not exist on ${table.name}`);
  const keep = (c: ConstraintModel) =>
    c.type !== found.type || constraintNameOf(table, c, w.naming) !== op.name;
  const { primaryKey, ...rest } = table;
  const next: TableModel = {
    ...rest,
    ...(primaryKey && found.type !== 'primaryKey' ? { primaryKey } : {}),
    uniques: table.uniques.filter((u) => keep({ type: 'unique', ...u })),
    foreignKeys: table.foreignKeys.filter((f) => keep({ type: 'foreignKey', ...f })),
    checks: table.checks.filter((c) => keep({ type: 'check', ...c })),
  };
  if (w.strict && (found.type === 'primaryKey' || found.type === 'unique')) {
    for (const [holder, fk] of referencesTo(w, tableKey(table))) {
      if (sameSet(fk.refColumns, found.columns) && !isKey(next, fk.refColumns)) {
        throw opFailure(
          op,
          `foreign key ${fk.name ?? ''} on ${holder.name} depends on ${qualify(table.schema, table.name)}(${found.columns.join(', ')})`,
        );
      }
    }
  }
  w.tables.set(tableKey(table), next);
}
