import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { LinkupsSettings } from '../src/modules/linkups/linkups.settings';
import { CandidatesRepository } from '../src/modules/linkups/matching/candidates.repository';
import { CandidateCache } from '../src/modules/linkups/matching/candidate-cache';
import { randomFingerprint, rng } from '../bench/matching/generate';

async function main() {
  const ds = new DataSource(buildDataSourceOptions('postgres://postgres@127.0.0.1:5432/josh_bench_matching', { extra: { max: 4 } }));
  await ds.initialize();
  const [{ id }] = await ds.query(`select id from regions where slug = $1`, [process.argv[2]]);
  const repo = new CandidatesRepository(ds);
  const s = new LinkupsSettings();
  const cache = new CandidateCache(repo, s);
  let t = Date.now();
  const st = await cache.warm(id);
  console.log('build', st, Date.now() - t, 'rss', process.memoryUsage().rss >> 20);
  const r = rng(1);
  const brief = { activity_key: 'coffee', time_window: 'SAT_MORNING', motive_emphasis: { connection: 0.6, calm: 0.4 }, constraints: {}, group_size: { min: 3, max: 6 } } as never;
  for (let k = 0; k < 5; k++) {
    t = performance.now();
    const v = await cache.vectors(id);
    const t1 = performance.now();
    const ids = v!.top({ brief, group: [{ fingerprint: randomFingerprint(r), activityPatterns: [], boundaries: {}, ageDays: 0 }], weights: s.weights(), now: new Date(), exclude: new Set(), limit: 320 }, ['coffee']);
    const t2 = performance.now();
    console.log('refresh', (t1 - t).toFixed(1), 'top', (t2 - t1).toFixed(1), ids.length);
  }
  await ds.destroy();
}
main();
