import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { LinkupsSettings } from '../src/modules/linkups/linkups.settings';
import { CandidatesRepository } from '../src/modules/linkups/matching/candidates.repository';
import { WaveChooser } from '../src/modules/linkups/matching/wave-chooser';
import { LinkupActivities } from '../src/modules/linkups/forming/linkup-activities';

async function main() {
  const ds = new DataSource(buildDataSourceOptions('postgres://postgres@127.0.0.1:5432/josh_bench_matching', { extra: { max: 4 } }));
  await ds.initialize();
  const [{ id }] = await ds.query(`select id from regions where slug = $1`, [process.argv[2]]);
  const repo = new CandidatesRepository(ds);
  const wrap = (name: string) => {
    const orig = (repo as any)[name].bind(repo);
    (repo as any)[name] = async (...a: unknown[]) => { const t = performance.now(); const r = await orig(...a); times[name] = (times[name] ?? 0) + performance.now() - t; return r; };
  };
  const times: Record<string, number> = {};
  for (const n of ['filterPool', 'vectorsChangedSince', 'databaseNow', 'findGroupProfiles']) wrap(n);
  const s = new LinkupsSettings();
  const chooser = new WaveChooser(repo, s, new LinkupActivities().catalog);
  await chooser.cache.warm(id);
  const ls = await ds.query(`select l.id, l.brief, l.event_time, l.initiator_user_id from linkups l where region_id = $1 limit 30`, [id]);
  const vt = chooser.cache.vectors.bind(chooser.cache);
  for (const [j, l] of ls.entries()) {
    for (const k of Object.keys(times)) delete times[k];
    const t = performance.now();
    const w = await chooser.choose({ id: l.id, regionId: id, brief: l.brief, eventTime: l.event_time, groupUserIds: [l.initiator_user_id] }, 10, new Date());
    if (j >= 20) console.log('total', (performance.now() - t).toFixed(1), JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.toFixed(1)]))), w.length);
  }
  await ds.destroy();
}
main();
