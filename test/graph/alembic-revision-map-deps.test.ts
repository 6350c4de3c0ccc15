/**
 * Iteration cases ported from Alembic's tests/test_revision.py (RevisionMap.iterate_revisions)
 * for graphs with depends_on: several bases, cross-branch dependencies, normalised dependencies.
 * Expected orders are Alembic's own.
 */
import { describe, expect, it } from 'vitest';
import { iterate, map, rev } from './graph-helpers.js';

describe('Alembic test_revision.py: iterate_revisions with dependencies', () => {
  describe('MultipleBaseCrossDependencyTestOne', () => {
    const ix = map(
      rev('base1', null, { labels: ['b_1'] }),
      rev('a1a', 'base1'),
      rev('a1b', 'base1'),
      rev('b1a', 'a1a'),
      rev('b1b', 'a1b', { dependsOn: ['a3'] }),
      rev('base2', null, { labels: ['b_2'] }),
      rev('a2', 'base2'),
      rev('b2', 'a2'),
      rev('c2', 'b2', { dependsOn: ['a3'] }),
      rev('d2', 'c2'),
      rev('base3', null, { labels: ['b_3'] }),
      rev('a3', 'base3'),
      rev('b3', 'a3'),
    );
    const down = { selectForDowngrade: true };
    const all = [
      'b1a',
      'a1a',
      'b1b',
      'a1b',
      'base1',
      'd2',
      'c2',
      'b2',
      'a2',
      'base2',
      'b3',
      'a3',
      'base3',
    ];
    it('heads and full walks', () => {
      expect(ix.heads.map((h) => ix.nodes[h]!.revision.id)).toEqual(['b1a', 'b1b', 'd2', 'b3']);
      expect(iterate(ix, 'heads', 'base')).toEqual(all);
      expect(iterate(ix, 'heads', 'base', down)).toEqual(all);
    });
    it('wrong directions', () => {
      expect(() => iterate(ix, 'b2', 'd2')).toThrow(/d2 is not an ancestor of b2/);
      expect(() => iterate(ix, 'b3', 'd2')).toThrow(/d2 is not an ancestor of b3/);
    });
    it('branches with their dependencies, up and down', () => {
      expect(iterate(ix, 'b_2@head', 'base')).toEqual([
        'd2',
        'c2',
        'b2',
        'a2',
        'base2',
        'a3',
        'base3',
      ]);
      expect(iterate(ix, 'b_2@head', 'b_2@base', down)).toEqual(['d2', 'c2', 'b2', 'a2', 'base2']);
      expect(iterate(ix, 'b_3@head', 'base')).toEqual(['b3', 'a3', 'base3']);
      expect(iterate(ix, 'b_3@head', 'base', down)).toEqual(['b3', 'a3', 'base3']);
      expect(iterate(ix, 'b1b@head', 'base')).toEqual(['b1b', 'a1b', 'base1', 'a3', 'base3']);
      expect(iterate(ix, 'b1b@head', 'b1b@base', down)).toEqual(['b1b', 'a1b', 'base1']);
      expect(iterate(ix, 'heads', 'b_2@base')).toEqual([
        'd2',
        'c2',
        'b2',
        'a2',
        'base2',
        'a3',
        'base3',
      ]);
      expect(iterate(ix, 'heads', 'b_2@base', down)).toEqual(['d2', 'c2', 'b2', 'a2', 'base2']);
      expect(iterate(ix, 'heads', 'b_3@base')).toEqual(['b3', 'a3', 'base3']);
      expect(iterate(ix, 'heads', 'b_3@base', down)).toEqual([
        'b1b',
        'd2',
        'c2',
        'b3',
        'a3',
        'base3',
      ]);
    });
  });

  describe('MultipleBaseCrossDependencyTestTwo', () => {
    const ix = map(
      rev('base1', null, { labels: ['b_1'] }),
      rev('a1', 'base1'),
      rev('b1', 'a1'),
      rev('c1', 'b1'),
      rev('base2', null, { dependsOn: ['b_1'], labels: ['b_2'] }),
      rev('a2', 'base2'),
      rev('b2', 'a2'),
      rev('c2', 'b2'),
      rev('d2', 'c2'),
      rev('base3', null, { labels: ['b_3'] }),
      rev('a3', 'base3'),
      rev('b3', 'a3'),
      rev('c3', 'b3', { dependsOn: ['b2'] }),
      rev('d3', 'c3'),
    );
    it('orders like Alembic', () => {
      expect(ix.heads.map((h) => ix.nodes[h]!.revision.id)).toEqual(['c1', 'd2', 'd3']);
      expect(iterate(ix, 'heads', 'base')).toEqual([
        'c1',
        'b1',
        'a1',
        'd2',
        'c2',
        'd3',
        'c3',
        'b3',
        'a3',
        'base3',
        'b2',
        'a2',
        'base2',
        'base1',
      ]);
      expect(iterate(ix, 'b_2@head', 'base')).toEqual(['d2', 'c2', 'b2', 'a2', 'base2', 'base1']);
      expect(iterate(ix, 'b_3@head', 'base')).toEqual([
        'd3',
        'c3',
        'b3',
        'a3',
        'base3',
        'b2',
        'a2',
        'base2',
        'base1',
      ]);
      expect(iterate(ix, 'b_1@head', 'base')).toEqual(['c1', 'b1', 'a1', 'base1']);
      expect(iterate(ix, 'heads', 'b_1@base')).toEqual(['c1', 'b1', 'a1', 'base1']);
      expect(iterate(ix, 'heads', 'b_2@base')).toEqual(['d2', 'c2', 'b2', 'a2', 'base2', 'base1']);
      expect(iterate(ix, 'heads', 'b_3@base')).toEqual([
        'd3',
        'c3',
        'b3',
        'a3',
        'base3',
        'b2',
        'a2',
        'base2',
        'base1',
      ]);
    });
  });

  it('MultipleBaseCrossDependencyTestThree: a root with only a dependency', () => {
    const ix = map(
      rev('base1'),
      rev('a1', 'base1'),
      rev('b1', 'a1'),
      rev('c2', null, { dependsOn: ['a1'] }),
      rev('c3', 'c2'),
    );
    expect(iterate(ix, 'heads', 'base')).toEqual(['b1', 'c3', 'c2', 'a1', 'base1']);
  });

  it('GraphWithLoopTest: overlapping substrings and a dependency on the parent', () => {
    const dupe = map(rev('user_foo'), rev('user', 'user_foo', { dependsOn: ['user_foo'] }));
    expect(iterate(dupe, 'heads', null)).toEqual(['user', 'user_foo']);
    const plain = map(rev('user_foo'), rev('user', 'user_foo'));
    expect(iterate(plain, 'heads', null)).toEqual(['user', 'user_foo']);
    const dep = map(rev('user_foo'), rev('user', null, { dependsOn: ['user_foo'] }));
    expect(iterate(dep, 'heads', null)).toEqual(['user', 'user_foo']);
  });

  describe('NormalizedDownRevTest', () => {
    const ix = map(
      rev('a1'),
      rev('a2', 'a1'),
      rev('a3', 'a2'),
      rev('b1'),
      rev('b2', 'b1', { dependsOn: ['a3'] }),
      rev('b3', 'b2'),
      rev('b4', 'b3', { dependsOn: ['a3'] }),
      rev('b5', 'b4', { dependsOn: ['b4'] }),
    );
    const ids = (i: readonly number[]): string[] => i.map((n) => ix.nodes[n]!.revision.id);
    it('normalizes dependencies an ancestor already declares', () => {
      expect(ids(ix.nodes[ix.byId.get('b4')!]!.normDown)).toEqual(['b3']);
      expect(ids(ix.nodes[ix.byId.get('b5')!]!.normDown)).toEqual(['b4']);
    });
    it('traverses like Alembic', () => {
      const down = { selectForDowngrade: true };
      expect(iterate(ix, 'b4', 'b1@base', down)).toEqual(['b4', 'b3', 'b2', 'b1']);
      expect(iterate(ix, 'heads', 'base', down)).toEqual([
        'b5',
        'b4',
        'b3',
        'b2',
        'b1',
        'a3',
        'a2',
        'a1',
      ]);
      expect(iterate(ix, 'heads', 'a2', down)).toEqual(['b5', 'b4', 'b3', 'b2', 'a3', 'a2']);
      expect(iterate(ix, 'heads', 'a2', { ...down, implicitBase: true })).toEqual([
        'b5',
        'b4',
        'b3',
        'b2',
        'b1',
        'a3',
        'a2',
      ]);
      expect(iterate(ix, 'b5', ['b1'], { implicitBase: true })).toEqual([
        'b5',
        'b4',
        'b3',
        'b2',
        'b1',
        'a3',
        'a2',
        'a1',
      ]);
    });
    it('implicit base three', () => {
      const three = map(
        rev('c1'),
        rev('a1'),
        rev('a2', 'a1', { dependsOn: ['c1'] }),
        rev('a3', 'a2', { dependsOn: ['c1'] }),
        rev('b1'),
        rev('b2', 'b1', { dependsOn: ['a3'] }),
        rev('b3', 'b2'),
        rev('b4', 'b3', { dependsOn: ['a3'] }),
        rev('b5', 'b4'),
      );
      expect(iterate(three, 'b5', ['b1'], { implicitBase: true })).toEqual([
        'b5',
        'b4',
        'b3',
        'b2',
        'b1',
        'a3',
        'a2',
        'a1',
        'c1',
      ]);
    });
  });
});
