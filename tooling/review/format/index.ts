// Markdown and numbers in the report's words (tooling/review/format). Re-exports only.

export { blocksOf, bullets, cell, code, fold, foldTable, heading, plain, slug, table } from './markdown';
export { fmt } from './numbers';
export { bytes, days, plural } from './words';
