import { DataSource } from 'typeorm';
import { ConversationRouter, type InboundContext } from '../../src/modules/conversation';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { outboxFor, textAs } from '../support/conversation-sms';

// The router's command model on the SMS pipeline alone (features 'core'): this file registers a
// fake flow and fake commands, so the rules are tested apart from any feature's copy.
// - gates first (every mode but safety_hold); - commands in every mode; - read-only commands leave the
// member where they were and repeat the open question; - a command that starts a flow asks first when
// the flow has unsaved state; - a request leaves an optional question; - two misses in a row: MENU.
describe('conversation router: gates and commands', () => {
  let t: TestApp;
  let db: DataSource;
  const seen: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000' }, undefined, { features: 'core' });
    db = t.app.get(DataSource);
    const router = t.app.get(ConversationRouter);
    // A flow in `interviewing`: token `q:{n}:{draft|-}:{optional|core}`.
    router.registerModeHandler('interviewing', {
      async handle(ctx: InboundContext) {
        seen.push(`flow:${ctx.text}`);
        if (ctx.text === '42') {
          await ctx.reply('answered');
          return ctx.setMode('idle', 'idle', null);
        }
        ctx.missed();
        await ctx.reply(`Hmm? ${question(ctx.stateToken)}`);
      },
      async describe(ctx: InboundContext) {
        const [, n, draft, kind] = ctx.stateToken.split(':');
        return {
          where: `You're on question ${n}.`,
          question: question(ctx.stateToken),
          unsaved: draft === 'draft' ? 'your draft' : null,
          optional: kind === 'optional',
          leaveNote: 'Questions can wait.',
          ownCommands: ['MINE'],
        };
      },
    });
    router.registerGate({
      async tryHandle(ctx) {
        if (ctx.text.toLowerCase() !== 'gate') return false;
        await ctx.reply(`gated in ${ctx.mode}`);
        return true;
      },
    });
    router.registerCommand({ name: 'PING', effect: 'read_only', matches: (x) => x.toLowerCase() === 'ping', run: (ctx) => ctx.reply('pong'), menu: 'PING - pong' });
    router.registerCommand({ name: 'MINE', effect: 'read_only', matches: (x) => x.toLowerCase() === 'mine', run: (ctx) => ctx.reply('the command') });
    router.registerCommand({
      name: 'GO',
      effect: 'starts_flow',
      matches: (x) => x.toLowerCase() === 'go',
      readsAsRequest: (x) => x.toLowerCase().startsWith('go to '),
      run: async (ctx) => {
        await ctx.reply(`going (${ctx.text})`);
        await ctx.setMode('linkup_forming', 'going');
      },
      label: 'go somewhere',
      menu: 'GO - go somewhere',
      menuRank: 1,
    });
    router.registerIdleCommand({
      async tryHandle(ctx) {
        seen.push(`idle:${ctx.text}`);
        return false;
      },
    });
  });
  afterAll(() => t.close());

  const question = (token: string) => `Question ${token.split(':')[1]}?`;
  const route = async (sid: string) =>
    (await db.query(`select payload->>'route' as route, payload->>'miss' as miss from message_events where payload->>'sid' = $1`, [sid]))[0];
  const session = async (id: string) => (await db.query('select mode, state_token from conversation_sessions where user_id = $1', [id]))[0];
  const inFlow = async (token: string) => {
    const m = await makeMember(t.app, { mode: 'interviewing' });
    await db.query('update conversation_sessions set state_token = $2 where user_id = $1', [m.id, token]);
    return m;
  };

  it('gates come first, in every mode but safety_hold', async () => {
    const m = await inFlow('q:2:-:core');
    expect((await route(await textAs(t.app, m.phone, 'gate'))).route).toBe('gate:0');
    const held = await makeMember(t.app, { mode: 'safety_hold' });
    await textAs(t.app, held.phone, 'gate');
    expect(await outboxFor(t.app, m.phone)).toEqual(['gated in interviewing']);
    expect((await outboxFor(t.app, held.phone)).some((b) => b.startsWith('gated'))).toBe(false);
  });

  it('a read-only command answers, keeps the mode and state, and repeats the open question', async () => {
    const m = await inFlow('q:2:draft:core');
    const sid = await textAs(t.app, m.phone, 'PING');
    expect((await route(sid)).route).toBe('command:PING');
    expect(await outboxFor(t.app, m.phone)).toEqual(['pong', 'Question 2?']);
    expect(await session(m.id)).toEqual({ mode: 'interviewing', state_token: 'q:2:draft:core' });
    // In idle there is no question to repeat.
    const idle = await makeMember(t.app);
    await textAs(t.app, idle.phone, 'ping');
    expect(await outboxFor(t.app, idle.phone)).toEqual(['pong']);
  });

  it('a command the flow owns goes to the flow', async () => {
    const m = await inFlow('q:3:-:core');
    await textAs(t.app, m.phone, 'mine');
    expect(seen).toContain('flow:mine');
    expect((await outboxFor(t.app, m.phone))[0]).toBe('Hmm? Question 3?');
  });

  it('a flow-starting command asks before leaving unsaved state: YES goes, NO stays and repeats the question', async () => {
    const yes = await inFlow('q:4:draft:core');
    expect((await route(await textAs(t.app, yes.phone, 'go'))).route).toBe('switch_asked:GO');
    expect((await session(yes.id)).state_token).toMatch(/^switch:/);
    expect((await route(await textAs(t.app, yes.phone, 'yep'))).route).toBe('switch:yes');
    expect(await outboxFor(t.app, yes.phone)).toEqual([
      "You're in the middle of your draft. Leave it and go somewhere? Reply YES to switch, or NO to keep going.",
      'going (go)',
    ]);
    expect(await session(yes.id)).toEqual({ mode: 'linkup_forming', state_token: 'going' });

    const no = await inFlow('q:4:draft:core');
    await textAs(t.app, no.phone, 'GO');
    await textAs(t.app, no.phone, 'nah');
    expect((await outboxFor(t.app, no.phone))[1]).toBe("OK, let's keep going.\nQuestion 4?");
    expect(await session(no.id)).toEqual({ mode: 'interviewing', state_token: 'q:4:draft:core' });
  });

  it('anything else after "leave it?" gives the flow back and is read there; nothing is swallowed', async () => {
    const m = await inFlow('q:5:draft:core');
    await textAs(t.app, m.phone, 'go');
    const sid = await textAs(t.app, m.phone, '42');
    expect((await route(sid)).route).toBe('mode:interviewing');
    expect((await outboxFor(t.app, m.phone))[1]).toBe('answered');
    // Without unsaved state the command starts at once, and the flow's leave note rides on its reply.
    const plain = await inFlow('q:5:-:core');
    await textAs(t.app, plain.phone, 'go');
    expect(await outboxFor(t.app, plain.phone)).toEqual(['Questions can wait.\ngoing (go)']);
  });

  it('a request leaves an optional question, never a core one', async () => {
    const optional = await inFlow('q:8:-:optional');
    expect((await route(await textAs(t.app, optional.phone, 'go to the park'))).route).toBe('request:GO');
    expect(await outboxFor(t.app, optional.phone)).toEqual(['Questions can wait.\ngoing (go to the park)']);
    const core = await inFlow('q:2:-:core');
    expect((await route(await textAs(t.app, core.phone, 'go to the park'))).route).toBe('mode:interviewing');
  });

  it('a miss gets the flow\'s explanation; the second in a row also MENU; the third starts again', async () => {
    const m = await inFlow('q:6:-:core');
    const misses = [];
    for (const text of ['what', 'huh', 'eh']) misses.push(await route(await textAs(t.app, m.phone, text)));
    expect(misses.map((r) => r.miss)).toEqual(['1', '2', '1']);
    const got = await outboxFor(t.app, m.phone);
    expect(got).toHaveLength(4);
    expect(got[2]).toMatch(/^Here's what you can text:\nGO - go somewhere\nPING - pong\nHELP - where you are[\s\S]*Or just answer my last question\.$/);
    // Idle: the gentle explanation first, MENU (alone) the second time.
    const idle = await makeMember(t.app, { firstName: 'Ada' });
    await textAs(t.app, idle.phone, 'blue');
    await textAs(t.app, idle.phone, 'green');
    await textAs(t.app, idle.phone, 'ping');
    await textAs(t.app, idle.phone, 'red');
    const idleGot = await outboxFor(t.app, idle.phone);
    expect(idleGot[0]).toMatch(/^Hi Ada! To plan something/);
    expect(idleGot[1]).toMatch(/^Here's what you can text:/);
    expect(idleGot[2]).toBe('pong');
    expect(idleGot[3]).toMatch(/^Hi Ada!/);
  });

  it('refuses commands it could not route safely', () => {
    const router = t.app.get(ConversationRouter);
    const run = async () => undefined;
    expect(() => router.registerCommand({ name: 'PING', effect: 'read_only', matches: () => false, run })).toThrow(/already registered/);
    expect(() => router.registerCommand({ name: 'JUMP', effect: 'starts_flow', run })).toThrow(/matches/);
    expect(() => router.registerCommand({ name: 'lower', effect: 'read_only', run })).toThrow(/upper-case/);
  });
});
