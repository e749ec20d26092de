import { DataSource } from 'typeorm';
import { ConversationRouter, type InboundContext } from '../../src/modules/conversation';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { outboxFor, textAs } from '../support/conversation-sms';

// Global commands (registerGlobalCommand): asked before the mode's handler in every mode but
// safety_hold, in registration order; false leaves the text to the mode.
describe('conversation router: global commands', () => {
  let t: TestApp;
  let db: DataSource;
  const seen: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000' }, undefined, { features: 'core' });
    db = t.app.get(DataSource);
    const router = t.app.get(ConversationRouter);
    router.registerModeHandler('interviewing', {
      async handle(ctx: InboundContext) {
        seen.push(`interview:${ctx.text}`);
        await ctx.reply(`next question (you said ${ctx.text})`);
      },
    });
    router.registerGlobalCommand({
      async tryHandle(ctx) {
        if (ctx.text.toLowerCase() !== 'ping') return false;
        await ctx.reply(`pong from ${ctx.mode}`);
        return true;
      },
    });
    router.registerGlobalCommand({
      async tryHandle(ctx) {
        seen.push(`second:${ctx.text}`);
        return false;
      },
    });
  });
  afterAll(() => t.close());

  const route = async (sid: string) =>
    (await db.query(`select payload->>'route' as route from message_events where payload->>'sid' = $1`, [sid]))[0]?.route;

  it('takes the text before the mode handler, in every mode, and passes on the rest', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    const sid = await textAs(t.app, m.phone, 'ping');
    expect(await route(sid)).toBe('global_command:0');
    const other = await textAs(t.app, m.phone, 'blue');
    expect(await route(other)).toBe('mode:interviewing');
    expect(seen).toEqual(['second:blue', 'interview:blue']);
    const idle = await makeMember(t.app);
    await textAs(t.app, idle.phone, 'PING');
    expect(await outboxFor(t.app, m.phone)).toEqual(['pong from interviewing', 'next question (you said blue)']);
    expect(await outboxFor(t.app, idle.phone)).toEqual(['pong from idle']);
  });

  it('is never asked in safety_hold, where only the carrier keywords work', async () => {
    const held = await makeMember(t.app, { mode: 'safety_hold' });
    seen.length = 0;
    const sid = await textAs(t.app, held.phone, 'ping');
    expect(await route(sid)).not.toBe('global_command:0');
    expect(seen).toEqual([]);
    expect((await outboxFor(t.app, held.phone)).some((b) => b.startsWith('pong'))).toBe(false);
  });
});
