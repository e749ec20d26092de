import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { CandidatesRepository } from '../src/modules/linkups/matching/candidates.repository';

async function main() {
  const ds = new DataSource(buildDataSourceOptions('postgres://postgres@127.0.0.1:5432/josh_bench_matching', { extra: { max: 4 } }));
  await ds.initialize();
  const [{ id }] = await ds.query(`select id from regions where slug = $1`, [process.argv[2]]);
  const ids = (await ds.query(`select id from users where region_id = $1 limit 40`, [id])).map((r: any) => r.id);
  const [l] = await ds.query(`select l.id, l.brief, l.event_time, l.initiator_user_id from linkups l where region_id = $1 limit 1`, [id]);
  const m = { query: async (sql: string, p: unknown[]) => { const rows = await ds.query(`explain (analyze, buffers) ${sql}`, p); console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n')); return []; } };
  const now = new Date();
  await new CandidatesRepository(ds).filterPool({ regionId: id, linkupId: l.id, groupUserIds: [l.initiator_user_id], now, busyFrom: new Date(l.event_time.getTime() - 3 * 3600e3), busyTo: new Date(l.event_time.getTime() + 3 * 3600e3), fairnessSince: new Date(now.getTime() - 14 * 86400e3), boundaryTags: ['coffee'] }, ids, m as never);
  await ds.destroy();
}
main();
