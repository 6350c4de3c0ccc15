/**
 * Iteration cases ported from Alembic's tests/test_revision.py (RevisionMap.iterate_revisions
 * with its `_assert_iteration` defaults: inclusive, no implicit base): plain branches, labels and
 * merges. Expected orders are Alembic's own. Dependency cases: alembic-revision-map-deps.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AthanorError } from '../../src/errors.js';
import type { RangeEnd } from '../../src/graph/collect.js';
import { iterate, map, rev } from './graph-helpers.js';

describe('Alembic test_revision.py: iterate_revisions', () => {
  it('DiamondTest: simple diamond', () => {
    const ix = map(rev('a'), rev('b1', 'a'), rev('b2', 'a'), rev('c', ['b1', 'b2']), rev('d', 'c'));
    expect(iterate(ix, 'd', 'a')).toEqual(['d', 'c', 'b1', 'b2', 'a']);
  });

  it('EmptyMapTest: head to base on an empty map', () => {
    expect(iterate(map(), 'head', 'base')).toEqual([]);
  });

  it('APITest: tolerates duplicate targets', () => {
    const ix = map(rev('a'), rev('b', 'a'), rev('c', 'b'));
    expect(iterate(ix, ['c', 'c'], 'a', { inclusive: false })).toEqual(['c', 'b']);
  });

  it('LongShortBranchTest: heads to base', () => {
    const ix = map(
      rev('a'),
      rev('b1', 'a'),
      rev('b2', 'a'),
      rev('c1', 'b1'),
      rev('d11', 'c1'),
      rev('d12', 'c1'),
    );
    expect(iterate(ix, 'heads', 'base')).toEqual(['b2', 'd11', 'd12', 'c1', 'b1', 'a']);
  });

  describe('LabeledBranchTest', () => {
    const ix = map(
      rev('a', null, { labels: ['abranch'] }),
      rev('b', 'a'),
      rev('somelongername', 'b'),
      rev('c', 'somelongername'),
      rev('d'),
      rev('e', 'd', { labels: ['ebranch'] }),
      rev('someothername', 'e'),
      rev('f', 'someothername'),
    );
    const cases: [RangeEnd, RangeEnd, string[]][] = [
      ['heads', 'ebranch@base', ['f', 'someothername', 'e', 'd']],
      ['heads', 'abranch@base', ['c', 'somelongername', 'b', 'a']],
      ['ebranch@head', 'base', ['f', 'someothername', 'e', 'd']],
      ['abranch@head', 'base', ['c', 'somelongername', 'b', 'a']],
      ['heads', 'ebranch@head', ['f']],
      ['heads', 'ebranch@d', ['f', 'someothername', 'e', 'd']],
      ['heads', 'e@base', ['f', 'someothername', 'e', 'd']],
      ['heads', 'c@base', ['c', 'somelongername', 'b', 'a']],
      ['heads', 'ebranch@-2', ['f', 'someothername', 'e']],
      ['ebranch@+2', 'base', ['e', 'd']],
    ];
    for (const [upper, lower, expected] of cases) {
      it(`${String(upper)} .. ${String(lower)}`, () => {
        expect(iterate(ix, upper, lower)).toEqual(expected);
      });
    }
  });

  describe('MultipleBranchTest', () => {
    const ix = map(
      rev('a'),
      rev('b1', 'a'),
      rev('b2', 'a'),
      rev('cb1', 'b1'),
      rev('cb2', 'b2'),
      rev('d1cb1', 'cb1'),
      rev('d2cb1', 'cb1'),
      rev('d1cb2', 'cb2'),
      rev('d2cb2', 'cb2'),
      rev('d3cb2', 'cb2'),
      rev('d1d2cb2', ['d1cb2', 'd2cb2']),
    );
    it('orders like Alembic', () => {
      expect(iterate(ix, 'd1d2cb2', 'a')).toEqual(['d1d2cb2', 'd1cb2', 'd2cb2', 'cb2', 'b2', 'a']);
      expect(iterate(ix, ['d2cb2', 'd3cb2'], 'a')).toEqual(['d2cb2', 'd3cb2', 'cb2', 'b2', 'a']);
      expect(iterate(ix, 'd3cb2', 'a')).toEqual(['d3cb2', 'cb2', 'b2', 'a']);
      expect(iterate(ix, 'd3cb2', 'base')).toEqual(['d3cb2', 'cb2', 'b2', 'a']);
      expect(iterate(ix, ['d3cb2', 'cb1'], 'base')).toEqual([
        'cb1',
        'b1',
        'd3cb2',
        'cb2',
        'b2',
        'a',
      ]);
      expect(iterate(ix, ['d1cb1', 'd2cb2', 'd3cb2'], 'b2')).toEqual([
        'd2cb2',
        'd3cb2',
        'cb2',
        'b2',
      ]);
    });
    it('refuses ranges that do not run along one branch', () => {
      expect(() => iterate(ix, 'b1', 'd1cb1')).toThrow(/d1cb1 is not an ancestor of b1/);
      expect(() => iterate(ix, 'd2cb2', 'b1')).toThrow(/b1 is not an ancestor of d2cb2/);
      expect(() => iterate(ix, null, 'd1cb1')).toThrow(/d1cb1 is not an ancestor of base/);
      expect(() => iterate(ix, [], 'd1cb1')).toThrow(AthanorError);
    });
  });

  describe('MultipleBranchEffectiveHead (downgrade)', () => {
    const ix = map(
      rev('y1', null, { labels: ['y'] }),
      rev('x1', null, { labels: ['x'] }),
      rev('y2', 'y1', { dependsOn: ['x1'] }),
      rev('x2', 'x1'),
    );
    const down = { inclusive: false, selectForDowngrade: true };
    it('other downgrade', () => expect(iterate(ix, ['x2', 'y2'], 'x@-1', down)).toEqual(['x2']));
    it('use all current', () =>
      expect(iterate(ix, ['x1', 'y2'], 'x@-1', down)).toEqual(['y2', 'x1']));
    it('effective head', () => expect(iterate(ix, 'y2', 'x@-1', down)).toEqual(['y2', 'x1']));
  });

  describe('BranchTravellingTest', () => {
    const ix = map(
      rev('a1'),
      rev('a2', 'a1'),
      rev('a3', 'a2'),
      rev('b1', 'a3'),
      rev('b2', 'a3'),
      rev('cb1', 'b1'),
      rev('cb2', 'b2'),
      rev('db1', 'cb1'),
      rev('db2', 'cb2'),
      rev('e1b1', 'db1'),
      rev('fe1b1', 'e1b1'),
      rev('e2b1', 'db1'),
      rev('e2b2', 'db2'),
      rev('merge', ['e2b1', 'e2b2']),
    );
    it('one branch both to merge (implicit base)', () => {
      expect(iterate(ix, 'merge', 'db1', { implicitBase: true })).toEqual([
        'merge',
        'e2b1',
        'db1',
        'e2b2',
        'db2',
        'cb2',
        'b2',
      ]);
    });
    it('three branches end in single branch', () => {
      expect(iterate(ix, ['merge', 'fe1b1'], 'a3')).toEqual([
        'fe1b1',
        'e1b1',
        'merge',
        'e2b1',
        'db1',
        'cb1',
        'b1',
        'e2b2',
        'db2',
        'cb2',
        'b2',
        'a3',
      ]);
    });
    it('two branches to root, end in branch, end behind branch', () => {
      const full = [
        'merge',
        'e2b1',
        'db1',
        'cb1',
        'b1',
        'e2b2',
        'db2',
        'cb2',
        'b2',
        'a3',
        'a2',
        'a1',
      ];
      expect(iterate(ix, 'merge', 'a1')).toEqual(full);
      expect(iterate(ix, 'merge', 'b1')).toEqual(['merge', 'e2b1', 'db1', 'cb1', 'b1']);
      expect(iterate(ix, 'merge', 'a2')).toEqual(full.slice(0, -1));
    });
    it('three branches to root and to several bases', () => {
      expect(iterate(ix, ['merge', 'fe1b1'], 'a1')).toEqual([
        'fe1b1',
        'e1b1',
        'merge',
        'e2b1',
        'db1',
        'cb1',
        'b1',
        'e2b2',
        'db2',
        'cb2',
        'b2',
        'a3',
        'a2',
        'a1',
      ]);
      expect(iterate(ix, ['merge', 'fe1b1'], ['cb1', 'cb2'])).toEqual([
        'fe1b1',
        'e1b1',
        'merge',
        'e2b1',
        'db1',
        'cb1',
        'e2b2',
        'db2',
        'cb2',
      ]);
      expect(iterate(ix, ['merge', 'fe1b1'], ['cb1', 'cb2'], { inclusive: false })).toEqual([
        'fe1b1',
        'e1b1',
        'merge',
        'e2b1',
        'db1',
        'e2b2',
        'db2',
      ]);
    });
    it('exclusive, from blank and from symbolic base', () => {
      expect(iterate(ix, ['e2b1', 'b2', 'fe1b1'], [], { inclusive: false })).toEqual([
        'b2',
        'fe1b1',
        'e1b1',
        'e2b1',
        'db1',
        'cb1',
        'b1',
        'a3',
        'a2',
        'a1',
      ]);
      expect(iterate(ix, ['fe1b1'], 'base', { inclusive: false })).toEqual([
        'fe1b1',
        'e1b1',
        'db1',
        'cb1',
        'b1',
        'a3',
        'a2',
        'a1',
      ]);
    });
    it('detects an invalid head selection', () => {
      expect(() => iterate(ix, ['db1', 'b2', 'fe1b1'], [])).toThrow(/db1 is an ancestor of fe1b1/);
    });
  });

  describe('MultipleBaseTest', () => {
    const ix = map(
      rev('base1'),
      rev('base2'),
      rev('base3'),
      rev('a1a', 'base1'),
      rev('a1b', 'base1'),
      rev('a2', 'base2'),
      rev('a3', 'base3'),
      rev('b1a', 'a1a'),
      rev('b1b', 'a1b'),
      rev('b2', 'a2'),
      rev('b3', 'a3'),
      rev('c2', 'b2'),
      rev('d2', 'c2'),
      rev('mergeb3d2', ['b3', 'd2']),
    );
    const all = [
      'b1a',
      'a1a',
      'b1b',
      'a1b',
      'base1',
      'mergeb3d2',
      'b3',
      'a3',
      'base3',
      'd2',
      'c2',
      'b2',
      'a2',
      'base2',
    ];
    it('heads to base (inclusive, exclusive, blank)', () => {
      expect(iterate(ix, 'heads', 'base')).toEqual(all);
      expect(iterate(ix, 'heads', 'base', { inclusive: false })).toEqual(all);
      expect(iterate(ix, 'heads', null)).toEqual(all);
    });
    it('detects an invalid base selection', () => {
      expect(() => iterate(ix, ['c2'], ['a2', 'b2'])).toThrow(/overlap/);
    });
    it('heads to revisions, with and without implicit base', () => {
      expect(iterate(ix, 'heads', ['c2'], { inclusive: false, implicitBase: true })).toEqual(
        all.slice(0, 10),
      );
      expect(iterate(ix, 'heads', ['c2'], { inclusive: false })).toEqual(['mergeb3d2', 'd2']);
      expect(iterate(ix, 'heads', ['c2'], { implicitBase: true })).toEqual(all.slice(0, 11));
    });
    it('specific paths', () => {
      expect(iterate(ix, 'b3', 'base3')).toEqual(['b3', 'a3', 'base3']);
      expect(iterate(ix, ['b3', 'b2'], 'base3', { inclusive: false, implicitBase: true })).toEqual([
        'b2',
        'a2',
        'base2',
        'b3',
        'a3',
      ]);
    });
  });
});
