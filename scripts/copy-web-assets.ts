import { cpSync, existsSync } from 'node:fs';
import { extname, join } from 'node:path';

// `npm run build` step: tsc compiles only TypeScript, so the page templates (*.njk) and the
// stylesheet (common/web/public) are copied beside the compiled code (dist/src), where the view
// engine looks for them. Runs from dist/scripts after tsc.
const root = join(__dirname, '..', '..');
const from = join(root, 'src');
const to = join(root, 'dist', 'src');
const ASSETS = new Set(['.njk', '.css']);

if (!existsSync(to)) throw new Error(`nothing compiled at ${to}: run tsc first`);
cpSync(from, to, {
  recursive: true,
  filter: (src) => !extname(src) || ASSETS.has(extname(src)),
});
