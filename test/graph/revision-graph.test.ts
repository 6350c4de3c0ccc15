/**
 * RevisionGraph unit tests in the style of Alembic's RevisionMap tests: one graph with two
 * branches, a merge, branch labels and a dependsOn; structure, history order, every kind of
 * target, and validation errors.
 *
 *   A - B - C(feature) - E - M(merge)        X(other) - Y (Y dependsOn C)
 *           \ D ------- F ---/
 */
import { describe, expect, it } from 'vitest';
import { AthanorError, MultipleHeadsError } from '../../src/errors.js';
import { RevisionGraph } from '../../src/graph/revision-graph.js';
import { rev } from './graph-helpers.js';

const A = 'a1b2c3d4e5f6';
const B = 'b7c8d9e0f1a2';
const C = 'c3d4e5f6a7b8';
const D = 'c3d4aaaaaaaa';
const E = 'e5f6a7b8c9d0';
const F = 'f1f2f3f4f5f6';
const M = 'ee11ee11ee11';
const X = '9a9a9a9a9a9a';
const Y = '9b9b9b9b9b9b';

const graph = RevisionGraph.build([
  rev(A),
  rev(B, A),
  rev(C, B, { labels: ['feature'] }),
  rev(D, B),
  rev(E, C),
  rev(F, D),
  rev(M, [E, F]),
  rev(X, null, { labels: ['other'] }),
  rev(Y, X, { dependsOn: [C] }),
]);

function rejects(fn: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AthanorError);
  expect((caught as AthanorError).code).toBe(code);
  expect((caught as AthanorError).message).toMatch(message);
}

describe('RevisionGraph structure', () => {
  it('keeps map (file) order and looks revisions up by full id', () => {
    expect(graph.size).toBe(9);
    expect(graph.revisions().map((r) => r.id)).toEqual([A, B, C, D, E, F, M, X, Y]);
    expect(graph.get(E).down).toEqual([C]);
    expect(graph.has(E)).toBe(true);
    expect(graph.has('e5f6')).toBe(false);
    rejects(() => graph.get('e5f6'), 'E_UNKNOWN_REVISION', /Unknown revision 'e5f6'/);
  });

  it('finds heads, bases, branch points, merge points and children', () => {
    expect(graph.heads()).toEqual([M, Y]);
    expect(graph.bases()).toEqual([A, X]);
    expect(graph.branchPoints()).toEqual([B]);
    expect(graph.mergePoints()).toEqual([M]);
    expect(graph.children(B)).toEqual([C, D]);
    expect(graph.children(C)).toEqual([E]); // Y only depends on C
  });

  it('propagates branch labels along the branch, as Alembic does', () => {
    expect(graph.branchLabels(C)).toEqual(['feature']);
    expect(graph.branchLabels(E)).toEqual(['feature']);
    expect(graph.branchLabels(M)).toEqual(['feature']);
    expect(graph.branchLabels(B)).toEqual([]); // B is a branch point: propagation stops
    expect(graph.branchLabels(Y)).toEqual(['other']);
  });

  it('lists history newest first in Alembic order', () => {
    expect(graph.history().map((r) => r.id)).toEqual([M, E, Y, X, C, F, D, B, A]);
  });

  it('lists history ranges', () => {
    const ids = (range: string, current?: string[]): string[] =>
      graph.history({ range, ...(current ? { current } : {}) }).map((r) => r.id);
    expect(ids('b7c8:ee11')).toEqual([M, E, C, F, D, B]);
    expect(ids(':c3d4e5')).toEqual([C, B, A]);
    expect(ids('c3d4e5:heads')).toEqual([M, E, C]);
    expect(ids('other@base:')).toEqual([Y, X, C, B, A]);
    expect(ids('current:', [E])).toEqual([M, E]);
    expect(ids(':current', [E])).toEqual([E, C, B, A]);
    rejects(() => ids('f1f2:e5f6'), 'E_RANGE', /f1f2 is not an ancestor of e5f6/);
    rejects(() => ids('b7c8'), 'E_RANGE', /must look like 'start:end'/);
    rejects(() => ids('current:'), 'E_RANGE', /needs the version rows/);
  });

  it('handles an empty graph', () => {
    const empty = RevisionGraph.build([]);
    expect(empty.heads()).toEqual([]);
    expect(empty.history()).toEqual([]);
    expect(empty.resolve('head')).toEqual([]);
    expect(empty.planUpgrade([], 'heads').steps).toEqual([]);
  });
});

describe('RevisionGraph.resolve', () => {
  it('resolves symbols, full ids, prefixes and labels', () => {
    expect(graph.resolve('heads')).toEqual([M, Y]);
    expect(graph.resolve('base')).toEqual([]);
    expect(graph.resolve(E)).toEqual([E]);
    expect(graph.resolve('e5f6')).toEqual([E]);
    expect(graph.resolve('a')).toEqual([A]); // Alembic matches a prefix of any length
    expect(graph.resolve('feature')).toEqual([C]);
    expect(graph.resolve('feature@head')).toEqual([M]);
    expect(graph.resolve('other@heads')).toEqual([Y]);
    expect(graph.resolve('feature@base')).toEqual([]);
    expect(graph.resolve('feature@e5f6')).toEqual([E]);
  });

  it('refuses head with several heads, naming them', () => {
    let caught: unknown;
    try {
      graph.resolve('head');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MultipleHeadsError);
    expect((caught as MultipleHeadsError).heads).toEqual([M, Y]);
    expect((caught as Error).message).toMatch(
      /Multiple heads: ee11ee11ee11, 9b9b9b9b9b9b; name one, use 'heads'/,
    );
  });

  it('refuses ambiguous prefixes, listing the candidates', () => {
    rejects(
      () => graph.resolve('c3d4'),
      'E_AMBIGUOUS_REVISION',
      /'c3d4' is ambiguous: it matches c3d4aaaaaaaa, c3d4e5f6a7b8/,
    );
    // Alembic also matches prefixes of branch labels (longer than 3 characters).
    rejects(
      () => graph.resolve('f'),
      'E_AMBIGUOUS_REVISION',
      /matches f1f2f3f4f5f6, feature \(branch label\)/,
    );
    expect(graph.resolve('feat')).toEqual([C]);
  });

  it('refuses unknown revisions, branches and revisions off the branch', () => {
    rejects(() => graph.resolve('zz'), 'E_UNKNOWN_REVISION', /Unknown revision 'zz'/);
    rejects(
      () => graph.resolve('nosuch@head'),
      'E_UNKNOWN_REVISION',
      /Unknown branch or revision 'nosuch'/,
    );
    rejects(() => graph.resolve('other@e5f6'), 'E_UNKNOWN_REVISION', /on branch 'other'/);
  });

  it('resolves relative targets from the version rows', () => {
    expect(graph.resolve('other@+1', [])).toEqual([X]);
    expect(graph.resolve('+1', [A])).toEqual([B]);
    expect(graph.resolve('feature@+1', [B])).toEqual([C]);
    expect(graph.resolve('-1', [E])).toEqual([C]);
    expect(graph.resolve('-1', [F, E])).toEqual([C]); // several rows: the smallest version_num
    expect(graph.resolve('-3', [E])).toEqual([A]);
    expect(graph.resolve('-4', [E])).toEqual([]); // base
  });

  it('resolves revision-relative targets', () => {
    expect(graph.resolve('e5f6-1')).toEqual([C]);
    expect(graph.resolve('c3d4e5+1')).toEqual([E]);
    expect(graph.resolve('other@head-1')).toEqual([X]);
    expect(graph.resolve('feature@b7c8+1')).toEqual([C]);
    const chain = RevisionGraph.build([rev('aaaa'), rev('bbbb', 'aaaa'), rev('cccc', 'bbbb')]);
    expect(chain.resolve('head-1')).toEqual(['bbbb']);
    expect(chain.resolve('head-2')).toEqual(['aaaa']);
    expect(chain.resolve('aaaa+2')).toEqual(['cccc']);
  });

  it('refuses ambiguous or overlong walks', () => {
    rejects(
      () => graph.resolve('+1', []),
      'E_RANGE',
      /several bases \(a1b2c3d4e5f6, 9a9a9a9a9a9a\)/,
    );
    rejects(
      () => graph.resolve('+2', [A]),
      'E_RANGE',
      /from branch point b7c8d9e0f1a2: ambiguous walk/,
    );
    rejects(() => graph.resolve('b7c8+1'), 'E_RANGE', /branch point b7c8d9e0f1a2/);
    rejects(
      () => graph.resolve('-1', [M]),
      'E_RANGE',
      /-1 from merge point ee11ee11ee11: ambiguous walk/,
    );
    rejects(
      () => graph.resolve('-5', [E]),
      'E_RANGE',
      /Relative revision -5 from e5f6a7b8c9d0 goes past base/,
    );
    rejects(() => graph.resolve('-1', []), 'E_RANGE', /no revision is applied/);
    rejects(() => graph.resolve('+1'), 'E_RANGE', /counts from the current version rows/);
  });
});

describe('RevisionGraph.build validation', () => {
  it('refuses a duplicate id, naming both files', () => {
    const dup = { ...rev('aaaa'), path: '002_second.ts' };
    rejects(
      () => RevisionGraph.build([{ ...rev('aaaa'), path: '001_first.ts' }, dup]),
      'E_DUPLICATE_REVISION',
      /aaaa is used twice: by 001_first.ts and by 002_second.ts/,
    );
  });

  it('refuses a missing parent or dependency, naming both revisions', () => {
    rejects(
      () => RevisionGraph.build([rev('aaaa'), rev('bbbb', 'zzzz')]),
      'E_MISSING_REVISION',
      /bbbb has down revision 'zzzz'/,
    );
    rejects(
      () => RevisionGraph.build([rev('aaaa'), rev('bbbb', 'aaaa', { dependsOn: ['qqqq'] })]),
      'E_MISSING_REVISION',
      /bbbb depends on 'qqqq'/,
    );
    rejects(
      () => RevisionGraph.build([rev('aaaa', null, { labels: ['lbl'] }), rev('bbbb', 'lbl')]),
      'E_MISSING_REVISION',
      /'lbl' is a branch label/,
    );
  });

  it('refuses cycles and self-loops, naming the revisions on the cycle', () => {
    rejects(
      () =>
        RevisionGraph.build([
          rev('aaaa', 'cccc'),
          rev('bbbb', 'aaaa'),
          rev('cccc', 'bbbb'),
          rev('dddd', 'cccc'),
        ]),
      'E_CYCLE',
      /cycle .* among: aaaa, bbbb, cccc$/,
    );
    rejects(
      () =>
        RevisionGraph.build([
          rev('aaaa', null, { dependsOn: ['cccc'] }),
          rev('bbbb', 'aaaa'),
          rev('cccc', 'bbbb'),
        ]),
      'E_CYCLE',
      /aaaa, bbbb, cccc/,
    );
    rejects(() => RevisionGraph.build([rev('aaaa', 'aaaa')]), 'E_CYCLE', /aaaa names itself/);
  });

  it('refuses duplicate labels and reserved characters', () => {
    rejects(
      () =>
        RevisionGraph.build([
          rev('aaaa', null, { labels: ['x'] }),
          rev('bbbb', 'aaaa', { labels: ['x'] }),
        ]),
      'E_GRAPH',
      /Branch label 'x' of revision bbbb is already used as a branch label of aaaa/,
    );
    rejects(
      () => RevisionGraph.build([rev('aaaa', null, { labels: ['bbbb'] }), rev('bbbb', 'aaaa')]),
      'E_GRAPH',
      /already used as a revision id/,
    );
    rejects(() => RevisionGraph.build([rev('ab-cd')]), 'E_GRAPH', /contains '-'/);
  });
});
