import { DataSource, EntityManager } from 'typeorm';
import type { DemoMember } from './demo-crowd';

export interface SeedRegion {
  slug: string;
  displayName: string;
  geometry: unknown;
  rules: unknown;
}

export interface SeedBatchResult {
  inserted: number;
  existing: number;
}

// The bulk loader of `npm run seed:demo` (development only). It writes the rows registration,
// verification and a finished interview would have written (users, postal code, region membership,
// session, profile and its event, entitlement) for many members at once, a statement per table per
// batch through unnest(): per-member service calls would take minutes for a city. Like the matching
// benchmark's generator it reads no module's code, only the schema; the JSON columns are validated by
// the caller (demo-crowd.ts) with the app's validators.
export class DemoSeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  // The demo region as the app seeds it, if it is not there yet (an existing one is left as it is).
  async ensureRegion(region: SeedRegion): Promise<string> {
    await this.dataSource.query(
      `insert into regions (slug, display_name, state, geometry, rules) values ($1, $2, 'open', $3, $4) on conflict (slug) do nothing`,
      [region.slug, region.displayName, JSON.stringify(region.geometry), JSON.stringify(region.rules)],
    );
    const [row] = await this.dataSource.query(`select id from regions where slug = $1`, [region.slug]);
    return row.id;
  }

  async countMembers(regionId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `select count(*)::int as n from region_memberships where region_id = $1 and status = 'active' and released_at is null`,
      [regionId],
    );
    return row.n;
  }

  // One transaction per batch: members whose number is already registered are skipped (the rerun
  // case), the rest get every row. Returns how many were new.
  async insertBatch(members: DemoMember[], hashes: string[], regionId: string, entitlementSource: 'free' | 'admin'): Promise<SeedBatchResult> {
    return this.dataSource.transaction(async (m) => {
      const created: Array<{ id: string; phone: string }> = await m.query(
        `insert into users (phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent, age_consent,
                            terms_consent, privacy_consent, region_id)
         select u.phone, u.hash, u.first_name, u.last_name, u.birthday::date, 'active', true, true, true, true, $6
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as u(phone, hash, first_name, last_name, birthday)
         on conflict do nothing
         returning id, phone_e164 as phone`,
        [members.map((x) => x.phone), hashes, members.map((x) => x.persona.firstName), members.map((x) => x.persona.lastName),
          members.map((x) => x.persona.birthday), regionId],
      );
      const byPhone = new Map(members.map((x) => [x.phone, x]));
      const rows = created.map((c) => ({ id: c.id, member: byPhone.get(c.phone)! }));
      if (rows.length > 0) await this.insertMemberRows(m, rows, regionId, entitlementSource);
      return { inserted: rows.length, existing: members.length - rows.length };
    });
  }

  private async insertMemberRows(
    m: EntityManager,
    rows: Array<{ id: string; member: DemoMember }>,
    regionId: string,
    entitlementSource: 'free' | 'admin',
  ): Promise<void> {
    const ids = rows.map((r) => r.id);
    await m.query(
      `insert into user_postal_codes (user_id, postal_code, country_code) select * from unnest($1::uuid[], $2::text[], $3::text[])`,
      [ids, rows.map((r) => r.member.persona.zip), rows.map(() => 'US')],
    );
    await m.query(`insert into region_memberships (user_id, region_id, status) select id, $2, 'active' from unnest($1::uuid[]) as id`, [ids, regionId]);
    await m.query(`insert into conversation_sessions (user_id, mode, state_token) select id, 'idle', 'idle' from unnest($1::uuid[]) as id`, [ids]);
    await m.query(
      `insert into profiles (user_id, state, fingerprint, activity_patterns, boundaries, preferences, completed_at, stale_at)
       select p.id, p.state::profile_state, p.fp::jsonb, p.pat::jsonb, p.bnd::jsonb, p.pref::jsonb,
              case when p.state = 'complete_full' then now() end, now() + interval '180 days'
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as p(id, state, fp, pat, bnd, pref)`,
      [ids, rows.map((r) => r.member.profileState), rows.map((r) => JSON.stringify(r.member.fingerprint)),
        rows.map((r) => JSON.stringify(r.member.activityPatterns)), rows.map((r) => JSON.stringify(r.member.boundaries)),
        rows.map((r) => JSON.stringify(r.member.preferences))],
    );
    await m.query(
      `insert into profile_events (user_id, event_type, source, payload, idempotency_key)
       select e.id, 'demo_seeded', 'demo_seed', jsonb_build_object('index', e.n), 'demo-seed:' || e.id::text
         from unnest($1::uuid[], $2::int[]) as e(id, n)`,
      [ids, rows.map((r) => r.member.index)],
    );
    await m.query(
      `insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source)
       select id, true, true, $2 from unnest($1::uuid[]) as id`,
      [ids, entitlementSource],
    );
  }
}
