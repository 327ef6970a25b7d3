/**
 * "Did you mean" searches as a glossary's check asks them, for one or more builds in one process:
 *
 *   node dist/cli.js check <glossary> --format json --fail-on none > report.json
 *   node --import tsx bench/nearestQueries.mts <glossary>/content/glossary report.json server/src [<other>/server/src …]
 *
 * Indexes every entry's slug with the words of its slug and title (as the glossary index gives
 * NameIndex), then searches each distinct slug the report calls unknown (`unknown-slug`,
 * `unknown-link`), eight passes, the builds taking turns so that the host's load falls on all
 * alike. Prints each build's best pass per search and a hash of its answers, which builds that
 * answer alike share. Another checkout's `server/src` must sit inside this repository (under
 * .bench/, say) so that its imports resolve.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [folder, reportPath, ...sources] = process.argv.slice(2);
if (!folder || !reportPath || sources.length === 0) throw new Error('usage: node --import tsx bench/nearestQueries.mts <glossary folder> <report.json> <server/src> [<server/src> …]');

const entries: { slug: string; title: string }[] = [];
for (const file of readdirSync(folder).filter((name) => name.endsWith('.md'))) {
  const head = readFileSync(join(folder, file), 'utf8').slice(0, 2000);
  entries.push({ slug: file.slice(0, -3), title: /^title:\s*['"]?(.*?)['"]?\s*$/m.exec(head)?.[1] ?? '' });
}
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { findings: { code: string; message: string }[] };
const queries = [...new Set(report.findings
  .filter((finding) => finding.code === 'unknown-link' || finding.code === 'unknown-slug')
  .map((finding) => /'([^']+)'/.exec(finding.message)?.[1])
  .filter((slug): slug is string => slug !== undefined))];

interface Build {
  source: string;
  index: { nearest(query: string, options: { limit: number; distinctiveWords: boolean }): string[] };
  best: number;
  answers: number;
}
const builds: Build[] = [];
for (const source of sources) {
  const load = (path: string) => import(pathToFileURL(resolve(source, path)).href);
  const { NameIndex } = await load('core/fuzzy/nearest.ts');
  const { wordsOf } = await load('core/fuzzy/words.ts');
  const index = new NameIndex();
  for (const { slug, title } of entries) index.add(slug, slug, new Set([...wordsOf(slug), ...wordsOf(title)]));
  builds.push({ source, index, best: Infinity, answers: 0 });
}

for (let pass = 0; pass < 8; pass++) {
  for (const build of builds) {
    const started = performance.now();
    let answers = 0;
    for (const query of queries) {
      for (const name of build.index.nearest(query, { limit: 3, distinctiveWords: true })) {
        for (let i = 0; i < name.length; i++) answers = (answers * 31 + name.charCodeAt(i)) | 0;
      }
    }
    build.best = Math.min(build.best, performance.now() - started);
    build.answers = answers;
  }
}
console.log(`${entries.length} entries, ${queries.length} distinct unknown slugs`);
for (const build of builds) console.log(`${build.source}: ${((1000 * build.best) / queries.length).toFixed(1)} µs a search (best of 8 passes), answers ${build.answers}`);
