import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyOperations } from '../../src/autogen/apply-model.js';
import { compare, compareBothWays } from '../../src/autogen/compare.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { canonicalModel } from './canonical-model.js';
import { schemaArb } from './random-schema.js';

const loses = (notes: ReturnType<typeof compare>['comments']) =>
  notes.some((n) => n.kind === 'enumValueRemoved' || n.kind === 'enumValuesReordered');

/** compare(a, b) applied to a gives b (up to what compare ignores), and nothing is left to do. */
function roundTrip(a: SchemaModel, b: SchemaModel): void {
  const { operations, comments } = compare(a, b);
  const applied = applyOperations(a, operations);
  expect(compare(applied, b).operations).toEqual([]);
  expect(canonicalModel(applied, { enumValues: !loses(comments) })).toEqual(
    canonicalModel(b, { enumValues: !loses(comments) }),
  );
}

describe('compare (property)', () => {
  test('a schema compared with itself gives no operations and no notes', () => {
    fc.assert(
      fc.property(schemaArb, (schema) => {
        expect(compare(schema, schema)).toEqual({ operations: [], comments: [] });
      }),
      { numRuns: 300 },
    );
  });

  test('compare(a, b) applied to a gives b, in both directions, on random pairs', () => {
    fc.assert(
      fc.property(schemaArb, schemaArb, (a, b) => {
        roundTrip(a, b);
        roundTrip(b, a);
      }),
      { numRuns: 250 },
    );
  });

  test('upgrade then downgrade returns to the start', () => {
    fc.assert(
      fc.property(schemaArb, schemaArb, (a, b) => {
        const { upgrade, downgrade } = compareBothWays(a, b);
        const up = applyOperations(a, upgrade.operations);
        const down = applyOperations(up, downgrade.operations);
        expect(compare(down, a).operations).toEqual([]);
        const lossy = loses(upgrade.comments) || loses(downgrade.comments);
        expect(canonicalModel(down, { enumValues: !lossy })).toEqual(
          canonicalModel(a, { enumValues: !lossy }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
