import { changedPaths } from '../../tooling/terraform';

describe('changedPaths', () => {
  it('finds nothing in equal documents, however deep', () => {
    const doc = { a: { b: [1, { c: 'x' }], d: null }, e: true };
    expect(changedPaths(doc, structuredClone(doc))).toEqual([]);
    expect(changedPaths(Number.NaN, Number.NaN)).toEqual([]);
  });

  it('reports a changed value at its own path, with array indexes', () => {
    expect(changedPaths({ a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y' }] } })).toEqual(['a.b[1].c']);
  });

  it('reports an added or removed key once, at the key', () => {
    expect(changedPaths({ a: { keep: 1, gone: { deep: 1 } } }, { a: { keep: 1, added: [1] } })).toEqual(['a.gone', 'a.added']);
  });

  it('reports an array that changed length at the array, not per element', () => {
    expect(changedPaths({ list: [1, 2] }, { list: [1, 2, 3] })).toEqual(['list']);
  });

  it('reports a change of kind (object, array, scalar, null) at its path', () => {
    expect(changedPaths({ a: [1], b: { x: 1 }, c: null, d: '1' }, { a: { 0: 1 }, b: null, c: {}, d: 1 })).toEqual(['a', 'b', 'c', 'd']);
  });

  it('names the root when the documents differ as a whole', () => {
    expect(changedPaths('a', 'b')).toEqual(['(root)']);
    expect(changedPaths([1], [1, 2])).toEqual(['(root)']);
  });
});
