import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import { EntitlementsService } from '../../billing';
import { ConversationSessionsService, DevSmsService } from '../../conversation';
import { UsersService, type UserRecord } from '../../identity';
import { LinkupInsightsService, type LinkupInsight } from '../../linkups';
import { ProfileService } from '../../profile';
import { DEMO_REGION, RegionsService } from '../../regions';
import { SafetyService } from '../../safety';
import { DemoError, DemoErrorCode } from '../demo.errors';
import { PHONE_NUMBERS } from '../personas';

// What /dev/phone shows, read through each owning module's service. Plain view models: the
// templates only print them.

export interface PhoneMessage {
  key: string;
  fromMember: boolean;
  body: string;
  time: string;
  status: string;
  purpose: string | null;
  error: string | null;
}

export interface PhoneState {
  user: string;
  profile: string;
  mode: string;
  modeUntil: string | null;
  hold: string | null;
  entitlement: string;
  region: string;
  likes: string;
}

export interface PhoneCard {
  userId: string;
  phone: string;
  firstName: string;
  state: PhoneState;
  messages: PhoneMessage[];
}

export interface PanelInvite {
  userId: string;
  name: string;
  state: string;
  wave: number;
  finalScore: string;
  friendScore: string;
  momentFit: string;
  fairness: string | null;
  reasons: string[];
  failed: string[];
}

export interface PanelLinkup {
  id: string;
  title: string;
  when: string;
  state: string;
  role: string;
  size: string;
  venue: string | null;
  group: string[];
  invites: PanelInvite[];
}

export interface PhonePanel {
  userId: string;
  firstName: string;
  linkups: PanelLinkup[];
}

const THREAD_LIMIT = 80;
const DEFAULT_PHONES = 8;

@Injectable()
export class PhoneViewService {
  constructor(
    private readonly users: UsersService,
    private readonly devSms: DevSmsService,
    private readonly sessions: ConversationSessionsService,
    private readonly profiles: ProfileService,
    private readonly entitlements: EntitlementsService,
    private readonly safety: SafetyService,
    private readonly regions: RegionsService,
    private readonly insights: LinkupInsightsService,
    private readonly clock: Clock,
  ) {}

  async member(userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user || user.state === 'deleted') throw new DemoError(DemoErrorCode.MemberNotFound, 'No member with this id.');
    return user;
  }

  // The phones to show when the page names none: the simulator's own members, latest first.
  async defaultMemberIds(): Promise<string[]> {
    const found = await this.users.findByPhoneE164s([...PHONE_NUMBERS]);
    const order = new Map(PHONE_NUMBERS.map((p, i) => [p, i]));
    return found
      .filter((u) => u.state !== 'deleted')
      .sort((a, b) => order.get(b.phoneE164)! - order.get(a.phoneE164)!)
      .slice(0, DEFAULT_PHONES)
      .reverse()
      .map((u) => u.id);
  }

  async card(userId: string): Promise<PhoneCard> {
    const user = await this.member(userId);
    const timeZone = await this.timeZoneOf(user);
    const [state, thread] = await Promise.all([this.state(user, timeZone), this.devSms.thread(user.id, user.phoneE164, THREAD_LIMIT)]);
    return {
      userId: user.id,
      phone: user.phoneE164,
      firstName: user.firstName,
      state,
      messages: thread.map((l) => ({
        key: l.key,
        fromMember: l.direction === 'in',
        body: l.body ?? '(body removed by retention)',
        time: formatTime(l.at, timeZone),
        status: l.status ?? 'unknown',
        purpose: l.purpose,
        error: l.error,
      })),
    };
  }

  async panel(userId: string): Promise<PhonePanel> {
    const user = await this.member(userId);
    const timeZone = await this.timeZoneOf(user);
    const linkups = await this.insights.forMember(user.id, 5);
    const ids = new Set(linkups.flatMap((l) => [...l.participants.map((p) => p.userId), ...l.invites.map((i) => i.userId)]));
    // First name and the number's last digits: the crowd and the phones share first names.
    const names = new Map((await this.users.findByIds([...ids])).map((u) => [u.id, `${u.firstName} ·${u.phoneE164.slice(-4)}`]));
    return { userId: user.id, firstName: user.firstName, linkups: linkups.map((l) => panelLinkup(l, names, timeZone)) };
  }

  now(): { iso: string; label: string } {
    const now = this.clock.now();
    return { iso: now.toISOString(), label: formatDateTime(now, DEMO_REGION.rules.timezone) };
  }

  private async state(user: UserRecord, timeZone: string): Promise<PhoneState> {
    const now = this.clock.now();
    const [session, profile, entitlement, hold, membership] = await Promise.all([
      this.sessions.getSession(user.id),
      this.profiles.getMatchingView(user.id),
      this.entitlements.findForUser(user.id),
      this.safety.holdInForce(user.id, now),
      this.regions.membershipStatus(user.id),
    ]);
    const region = user.regionId ? await this.regions.findById(user.regionId) : null;
    const timedOut = session?.expiresAt && new Date(session.expiresAt) <= now;
    return {
      user: user.smsConsent ? user.state : `${user.state}, opted out`,
      profile: profile?.state ?? 'none',
      mode: session ? (timedOut ? `${session.mode} (timed out)` : session.mode) : 'none',
      modeUntil: session?.expiresAt && !timedOut ? formatDateTime(new Date(session.expiresAt), timeZone) : null,
      hold: hold ? `${hold.state.replace('_', ' ')}${hold.expiresAt ? ` until ${formatDateTime(new Date(hold.expiresAt), timeZone)}` : ''}` : null,
      entitlement: entitlement ? entitlementLabel(entitlement.eligibleToParticipate, entitlement.eligibleToInitiate, entitlement.source) : 'none',
      region: region ? `${region.displayName}${membership ? ` (${membership})` : ''}` : 'none',
      likes: profile ? likes(profile.activityPatterns) : '',
    };
  }

  private async timeZoneOf(user: UserRecord): Promise<string> {
    const region = user.regionId ? await this.regions.findById(user.regionId) : null;
    return region?.rules.timezone ?? DEMO_REGION.rules.timezone;
  }
}

function entitlementLabel(participate: boolean, initiate: boolean, source: string): string {
  if (participate && initiate) return `full (${source})`;
  if (participate) return `join only (${source})`;
  return `none (${source})`;
}

function likes(patterns: Array<{ activity_key: string; preferred_windows: string[] }>): string {
  if (patterns.length === 0) return '';
  const activities = patterns.map((p) => p.activity_key.replace('_', ' ')).join(', ');
  const windows = [...new Set(patterns.flatMap((p) => p.preferred_windows))].map((w) => w.replace('_', ' ')).join(', ');
  return windows ? `${activities}; ${windows}` : activities;
}

function panelLinkup(l: LinkupInsight, names: Map<string, string>, timeZone: string): PanelLinkup {
  const name = (id: string) => names.get(id) ?? 'someone';
  const confirmed = l.participants.filter((p) => p.status === 'confirmed' || p.status === 'attended');
  return {
    id: l.id,
    title: `${l.activityKey.replace('_', ' ')} (${l.timeWindow.toLowerCase().replace('_', ' ')})`,
    when: formatDateTime(l.eventTime, timeZone),
    state: l.state,
    role: l.role,
    size: `${confirmed.length} of ${l.minSize}-${l.maxSize}`,
    venue: l.venue,
    group: l.participants.map((p) => `${name(p.userId)}${p.role === 'initiator' ? ' (started it)' : ''}${p.status === 'confirmed' ? '' : `, ${p.status}`}`),
    invites: [...l.invites].sort((a, b) => a.wave - b.wave || b.explainability.final_score - a.explainability.final_score).map((i) => ({
      userId: i.userId,
      name: name(i.userId),
      state: i.state,
      wave: i.wave,
      finalScore: score(i.explainability.final_score),
      friendScore: score(i.explainability.friend_score),
      momentFit: score(i.explainability.moment_fit),
      fairness: i.explainability.fairness_boost ? score(i.explainability.fairness_boost) : null,
      reasons: i.explainability.top_reasons ?? [],
      failed: i.explainability.filters?.failed ?? [],
    })),
  };
}

function score(x: number | undefined): string {
  return typeof x === 'number' ? x.toFixed(2) : '-';
}

function formatTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(at));
}

function formatDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(at);
}
