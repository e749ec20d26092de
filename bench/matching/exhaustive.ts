// The exhaustive reference of `npm run bench:matching`, in a child process (so its memory does not
// count towards the service's peak RSS): every member of the region, eligible or not, scored for
// every LinkUp with the production final_score (scores.ts: friendScore, momentParts, momentFit,
// fairnessBoost, finalScore on the profile JSON, not the cache's vectors). It keeps each LinkUp's
// best `keep` members; the parent then passes those through the same SQL filters at the moment
// of the wave (WaveChooser.chooseAmong) and takes the best wave among the survivors. That wave is
// the exhaustive one as long as at least a wave's worth of the `keep` survive, which the parent
// checks: anyone outside them scores below all of them.
import { Client } from 'pg';
import type { LinkupBrief } from '../../src/common/json-shapes';
import type { MatchProfile, MatchingWeights } from '../../src/modules/linkups/matching/matching.types';
import { fairnessBoost, finalScore, friendScore, momentFit, momentParts } from '../../src/modules/linkups/matching/scores';

export interface ExhaustiveRequest {
  url: string;
  regionId: string;
  now: string;
  fairnessSince: string;
  weights: MatchingWeights;
  keep: number;
  linkups: Array<{ brief: LinkupBrief; groupUserIds: string[] }>;
}

export interface ExhaustiveReply {
  best: string[][]; // per LinkUp, the `keep` best member ids, best first
  members: number;
  ms: number;
}

const PAGE = 10_000;
const PROFILE_COLUMNS = `p.user_id as "userId", p.fingerprint, p.activity_patterns as "activityPatterns", p.boundaries,
  greatest(0, floor(extract(epoch from ($2::timestamptz - p.updated_at)) / 86400))::int as "ageDays"`;

type Row = MatchProfile & { userId: string };

async function run(req: ExhaustiveRequest): Promise<ExhaustiveReply> {
  const started = Date.now();
  const db = new Client({ connectionString: req.url });
  await db.connect();
  try {
    const now = new Date(req.now);
    const groups: MatchProfile[][] = [];
    for (const l of req.linkups) {
      const { rows } = await db.query<Row>(`select ${PROFILE_COLUMNS} from profiles p where p.user_id = any($1::uuid[])`, [l.groupUserIds, now]);
      const byId = new Map(rows.map((r) => [r.userId, r]));
      groups.push(l.groupUserIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));
    }
    const invites = new Map<string, number>();
    const { rows: counted } = await db.query<{ userId: string; n: number }>(
      `select invited_user_id as "userId", count(*)::int as n from linkup_invites where sent_at >= $1 group by 1`,
      [new Date(req.fairnessSince)],
    );
    for (const r of counted) invites.set(r.userId, r.n);
    const best = req.linkups.map(() => [] as Array<{ id: string; score: number }>);
    let after = '00000000-0000-0000-0000-000000000000';
    let members = 0;
    for (;;) {
      const { rows } = await db.query<Row>(
        `select ${PROFILE_COLUMNS} from users u join profiles p on p.user_id = u.id
          where u.region_id = $1 and u.id > $3::uuid order by u.id limit ${PAGE}`,
        [req.regionId, now, after],
      );
      for (const r of rows) {
        const fairness = fairnessBoost(invites.get(r.userId) ?? 0, req.weights);
        req.linkups.forEach((l, i) => {
          const friend = friendScore(r, groups[i], req.weights.freshnessHalfLifeDays).score;
          const moment = momentFit(momentParts(r.activityPatterns, l.brief, req.weights.freshnessHalfLifeDays, r.ageDays));
          keepBest(best[i], { id: r.userId, score: finalScore(friend, moment, fairness, req.weights) }, req.keep);
        });
      }
      members += rows.length;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].userId;
    }
    return { best: best.map((b) => b.sort((x, y) => y.score - x.score).map((x) => x.id)), members, ms: Date.now() - started };
  } finally {
    await db.end();
  }
}

// Keeps the `keep` best; trims to `keep` whenever the list doubles (cheaper than a heap here).
function keepBest(list: Array<{ id: string; score: number }>, item: { id: string; score: number }, keep: number): void {
  list.push(item);
  if (list.length >= keep * 2) {
    list.sort((x, y) => y.score - x.score);
    list.length = keep;
  }
}

process.on('message', (req: ExhaustiveRequest) => {
  run(req).then(
    (reply) => {
      for (const b of reply.best) b.length = Math.min(b.length, req.keep);
      process.send!(reply, () => process.exit(0));
    },
    (err: unknown) => {
      process.stderr.write(`exhaustive: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
});
