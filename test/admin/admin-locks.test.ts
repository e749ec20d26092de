import { DataSource } from 'typeorm';
import { AdminTokensService } from '../../src/modules/admin';
import { IncidentsService, ReportsService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock, type HeldLock } from '../support/lock-waits';

// Support's writes lock the row they decide on (admin account, token, incident, report): a change
// another transaction is making to it is waited for (seen in pg_locks), and the decision is taken
// on what that change committed: no second audit row, event or strike.
describe('row locks of admin accounts, tokens and safety cases', () => {
  let t: TestApp;
  let db: DataSource;
  const admin = { type: 'admin' as const, adminId: crypto.randomUUID() };

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'web' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  // Starts `work` while `held` holds the row, checks it waits, makes `change` (if any) and commits.
  async function afterCommitOf<T>(held: HeldLock, work: () => Promise<T>, change?: [string, unknown[]]): Promise<PromiseSettledResult<T>> {
    let run: Promise<T> | undefined;
    try {
      run = work();
      expect(await blockedBy(db, held.pid, run)).toBe('waiting');
      if (change) await held.query(...change);
      await held.commit();
    } finally {
      await held.rollback();
    }
    return (await Promise.allSettled([run]))[0];
  }
  const auditOf = (action: string, targetId: string) =>
    db.query(`select payload from admin_audit_log where action = $1 and target_id = $2`, [action, targetId]);

  it('issuing a token for an admin whose role another issue is changing sees the role it committed', async () => {
    const tokens = t.app.get(AdminTokensService);
    const email = `lock-${crypto.randomUUID()}@josh.test`;
    await tokens.issue(email, 'support', null);
    // Another issue holds the admin row; it changes the role to ops once this one is waiting.
    const held = await holdLock(db, `select id from admin_users where email = $1 for update`, [email]);
    const issued = await afterCommitOf(held, () => tokens.issue(email, 'ops', null), [`update admin_users set role = 'ops' where email = $1`, [email]]);
    expect(issued).toMatchObject({ status: 'fulfilled', value: { adminCreated: false, roleChangedFrom: null } });
    const { tokenId } = (issued as PromiseFulfilledResult<{ tokenId: string }>).value;
    expect(await auditOf('admin_token.issued', tokenId)).toEqual([{ payload: expect.objectContaining({ role: 'ops', roleChangedFrom: null }) }]);
  });

  it('revoking a token another revocation holds answers already_revoked and audits nothing more', async () => {
    const tokens = t.app.get(AdminTokensService);
    const { tokenId } = await tokens.issue(`lock-${crypto.randomUUID()}@josh.test`, 'support', null);
    const held = await holdLock(db, `update admin_api_tokens set revoked_at = now() where id = $1`, [tokenId]);
    expect(await afterCommitOf(held, () => tokens.revoke(tokenId, 'lost laptop'))).toEqual({ status: 'fulfilled', value: 'already_revoked' });
    expect(await auditOf('admin_token.revoked', tokenId)).toEqual([]);
  });

  it('an incident status set while another transaction sets the same one changes nothing more', async () => {
    const m = await makeMember(t.app);
    const [{ id }] = await db.query(`insert into safety_incidents (user_id, incident_type, severity) values ($1, 'severe_report', 4) returning id`, [m.id]);
    const held = await holdLock(db, `update safety_incidents set status = 'reviewing' where id = $1`, [id]);
    const set = await afterCommitOf(held, () => t.app.get(IncidentsService).setStatus(id, 'reviewing', admin));
    expect(set).toMatchObject({ status: 'fulfilled', value: { changed: false, incident: { status: 'reviewing' } } });
    expect(await db.query(`select 1 from domain_events where entity_id = $1`, [id])).toEqual([]);
  });

  it('upholding a report another transaction is dismissing is refused, and strikes nobody', async () => {
    const [reporter, reported] = [await makeMember(t.app), await makeMember(t.app)];
    const [{ id }] = await db.query(
      `insert into safety_reports (reporter_user_id, reported_user_id, report_type, details) values ($1, $2, 'member_report', '{}') returning id`,
      [reporter.id, reported.id],
    );
    const held = await holdLock(db, `update safety_reports set status = 'resolved', details = '{"resolution":"dismissed"}' where id = $1`, [id]);
    const upheld = await afterCommitOf(held, () => t.app.get(ReportsService).uphold(id, admin));
    expect(upheld).toMatchObject({ status: 'rejected', reason: { code: 'safety_report_already_resolved' } });
    expect(await db.query(`select 1 from user_strikes where user_id = $1`, [reported.id])).toEqual([]);
    expect(await db.query(`select 1 from domain_events where entity_id = $1`, [id])).toEqual([]);
  });
});
