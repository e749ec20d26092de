import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RegionState } from '../../database/enums';
import type { RegionGeometry, RegionRules } from './region-shapes';

export interface RegionRecord {
  id: string;
  slug: string;
  displayName: string;
  state: RegionState;
  geometry: RegionGeometry;
  rules: RegionRules;
}

// A region without its geometry (up to thousands of ZIPs), for callers that need its rules.
export type RegionSummary = Omit<RegionRecord, 'geometry'>;

export type MembershipStatus = 'active' | 'waitlisted';

export interface MembershipRecord {
  id: string;
  userId: string;
  regionId: string;
  status: MembershipStatus;
}

export interface RegionUpsert {
  slug: string;
  displayName: string;
  state: RegionState;
  geometry: RegionGeometry;
  rules: RegionRules;
}

const SUMMARY_COLUMNS = `id, slug, display_name as "displayName", state, rules`;
const REGION_COLUMNS = `${SUMMARY_COLUMNS}, geometry`;
const MEMBERSHIP_COLUMNS = `id, user_id as "userId", region_id as "regionId", status`;

// The postgres driver answers UPDATE/DELETE with [rows, count] and everything else with rows.
function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

// regions, region_memberships and user_postal_codes.
@Injectable()
export class RegionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private async rows<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T[]> {
    return rowsOf<T>(await this.m(manager).query(sql, params));
  }

  async findById(id: string, manager?: EntityManager): Promise<RegionRecord | null> {
    const [row] = await this.rows<RegionRecord>(`select ${REGION_COLUMNS} from regions where id = $1`, [id], manager);
    return row ?? null;
  }

  async findSummaryById(id: string, manager?: EntityManager): Promise<RegionSummary | null> {
    const [row] = await this.rows<RegionSummary>(`select ${SUMMARY_COLUMNS} from regions where id = $1`, [id], manager);
    return row ?? null;
  }

  async findBySlug(slug: string, manager?: EntityManager): Promise<RegionRecord | null> {
    const [row] = await this.rows<RegionRecord>(`select ${REGION_COLUMNS} from regions where slug = $1`, [slug], manager);
    return row ?? null;
  }

  // FOR UPDATE: serialises state changes (opening) with everything that reads the state under FOR SHARE.
  async lockById(id: string, manager: EntityManager): Promise<RegionRecord | null> {
    const [row] = await this.rows<RegionRecord>(`select ${REGION_COLUMNS} from regions where id = $1 for update`, [id], manager);
    return row ?? null;
  }

  // FOR SHARE: a membership is assigned on the state the region has when the opening (if any) has committed.
  async shareLockById(id: string, manager: EntityManager): Promise<RegionRecord | null> {
    const [row] = await this.rows<RegionRecord>(`select ${REGION_COLUMNS} from regions where id = $1 for share`, [id], manager);
    return row ?? null;
  }

  // The region whose ZIP list holds the code; open regions win if two overlap, then the oldest.
  async findIdByPostalCode(postalCode: string, excludeSlug: string, manager?: EntityManager): Promise<string | null> {
    const [row] = await this.rows<{ id: string }>(
      `select id from regions
        where geometry -> 'zips' ? $1 and slug <> $2
        order by (state = 'open') desc, created_at, id
        limit 1`,
      [postalCode, excludeSlug],
      manager,
    );
    return row?.id ?? null;
  }

  // Inserts or updates by slug. `state` applies to new rows only: re-seeding never re-closes a region ops opened.
  async upsertBySlug(region: RegionUpsert, manager?: EntityManager): Promise<RegionRecord> {
    const [row] = await this.rows<RegionRecord>(
      `insert into regions (slug, display_name, state, geometry, rules)
       values ($1, $2, $3, $4::jsonb, $5::jsonb)
       on conflict (slug) do update
         set display_name = excluded.display_name, geometry = excluded.geometry, rules = excluded.rules
       returning ${REGION_COLUMNS}`,
      [region.slug, region.displayName, region.state, JSON.stringify(region.geometry), JSON.stringify(region.rules)],
      manager,
    );
    return row;
  }

  // Inserts once, never updates (the catch-all waitlist is created on first use).
  async insertIfMissing(region: RegionUpsert, manager?: EntityManager): Promise<RegionRecord> {
    await this.rows(
      `insert into regions (slug, display_name, state, geometry, rules)
       values ($1, $2, $3, $4::jsonb, $5::jsonb)
       on conflict (slug) do nothing`,
      [region.slug, region.displayName, region.state, JSON.stringify(region.geometry), JSON.stringify(region.rules)],
      manager,
    );
    return (await this.findBySlug(region.slug, manager))!;
  }

  async setState(id: string, state: RegionState, manager: EntityManager): Promise<void> {
    await this.rows(`update regions set state = $2 where id = $1`, [id, state], manager);
  }

  async findMembershipByUser(userId: string, manager?: EntityManager): Promise<MembershipRecord | null> {
    const [row] = await this.rows<MembershipRecord>(
      `select ${MEMBERSHIP_COLUMNS} from region_memberships
        where user_id = $1 and released_at is null
        order by (status = 'active') desc, joined_at desc
        limit 1`,
      [userId],
      manager,
    );
    return row ?? null;
  }

  // The member's active, unreleased membership's region (region_membership_one_active: at most one).
  async findActiveRegionIdByUser(userId: string, manager?: EntityManager): Promise<string | null> {
    const [row] = await this.rows<{ regionId: string }>(
      `select region_id as "regionId" from region_memberships
        where user_id = $1 and status = 'active' and released_at is null
        limit 1`,
      [userId],
      manager,
    );
    return row?.regionId ?? null;
  }

  // Idempotent per (user, status); returns the row either way.
  async insertMembership(userId: string, regionId: string, status: MembershipStatus, manager: EntityManager): Promise<MembershipRecord> {
    await this.rows(
      `insert into region_memberships (user_id, region_id, status) values ($1, $2, $3)
       on conflict on constraint region_membership_one_active do nothing`,
      [userId, regionId, status],
      manager,
    );
    const [row] = await this.rows<MembershipRecord>(
      `select ${MEMBERSHIP_COLUMNS} from region_memberships where user_id = $1 and status = $2`,
      [userId, status],
      manager,
    );
    return row;
  }

  // Waitlisted members of the catch-all region whose postal code the region now covers move into it.
  async moveWaitlistedByPostalCode(fromRegionId: string, toRegionId: string, postalCodes: string[], manager: EntityManager): Promise<string[]> {
    if (postalCodes.length === 0) return [];
    const rows = await this.rows<{ userId: string }>(
      `update region_memberships m set region_id = $2
         from user_postal_codes p
        where p.user_id = m.user_id and m.region_id = $1 and m.status = 'waitlisted' and m.released_at is null
          and p.postal_code = any($3::text[])
       returning m.user_id as "userId"`,
      [fromRegionId, toRegionId, postalCodes],
      manager,
    );
    return rows.map((r) => r.userId);
  }

  // Activates up to `limit` waitlisted members; rows another opener holds are skipped, so two
  // openers split the work and never take the same member. A member already active elsewhere stays.
  async activateWaitlistedBatch(regionId: string, limit: number, manager: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ userId: string }>(
      `with batch as (
         select m.id from region_memberships m
          where m.region_id = $1 and m.status = 'waitlisted' and m.released_at is null
            and not exists (select 1 from region_memberships a where a.user_id = m.user_id and a.status = 'active')
          order by m.joined_at, m.id
          limit $2
          for update of m skip locked
       )
       update region_memberships m set status = 'active'
         from batch where m.id = batch.id
       returning m.user_id as "userId"`,
      [regionId, limit],
      manager,
    );
    return rows.map((r) => r.userId);
  }

  async upsertPostalCode(userId: string, postalCode: string, countryCode: string, manager?: EntityManager): Promise<void> {
    await this.rows(
      `insert into user_postal_codes (user_id, postal_code, country_code) values ($1, $2, $3)
       on conflict (user_id) do update set postal_code = excluded.postal_code, country_code = excluded.country_code`,
      [userId, postalCode, countryCode],
      manager,
    );
  }

  async findPostalCode(userId: string, manager?: EntityManager): Promise<string | null> {
    const [row] = await this.rows<{ postalCode: string }>(
      `select postal_code as "postalCode" from user_postal_codes where user_id = $1`,
      [userId],
      manager,
    );
    return row?.postalCode ?? null;
  }

  // ---- Deletion (appended by the safety module's member deletion) ----

  // The member's postal code and region memberships go: together they place a person. A member
  // who registers again gets a membership from their new postal code.
  async forgetMember(userId: string, manager: EntityManager): Promise<void> {
    await this.rows(`delete from user_postal_codes where user_id = $1`, [userId], manager);
    await this.rows(`delete from region_memberships where user_id = $1`, [userId], manager);
  }
}
