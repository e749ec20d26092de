import {
  FINGERPRINT_FACTORS,
  MOTIVES,
  PREFERRED_WINDOWS,
  type ActivityPattern,
  type Boundaries,
  type Fingerprint,
  type LinkupBrief,
} from '../../../common/json-shapes';
import type { MatchProfile, MatchingWeights } from './matching.types';
import { windowFit } from './scores';

// The candidate vectors of one region, in typed arrays: what friend_score and moment_fit need of
// each member's profile, and the static filter facts folded into a validity interval. A coarse
// pre-score over every member takes tens of milliseconds at a million members (no JSON, no
// objects per member); the exact filters and scores then run on the best few only.
//
// friend_score and moment_fit come out exactly as scores.ts computes them: a factor's weight
// conf x 0.5^((freshness + age) / h) splits into conf x 0.5^(freshness / h), stored, times
// 0.5^(age / h), computed per member at query time. Only the fairness term is left out (at most
// MATCH_FAIRNESS_WEIGHT), and whatever changed since the last refresh.

const F = FINGERPRINT_FACTORS.length;
const M = MOTIVES.length;
const DAY_MS = 86_400_000;
// Score only the members with a pattern for the activity when there are this many times the limit.
const LISTED_ENOUGH = 20;

// One member as read from SQL (candidates.repository.ts, vectorRows).
export interface VectorRow {
  userId: string;
  fingerprint: Fingerprint;
  activityPatterns: ActivityPattern[];
  boundaries: Boundaries;
  profileUpdatedMs: number; // when the profile row was written (its freshness_days are as of then)
  validFromMs: number; // the static filters pass from ... (0: always)
  validUntilMs: number; // ... until (0: never; Number.MAX_VALUE: no end)
}

class Growable {
  static f32(old: Float32Array, size: number): Float32Array {
    const a = new Float32Array(size);
    a.set(old);
    return a;
  }
}

export interface PrescoreQuery {
  brief: LinkupBrief;
  group: MatchProfile[];
  weights: MatchingWeights;
  now: Date;
  exclude: ReadonlySet<string>; // the group itself
  limit: number; // how many of the best to return
}

export class RegionVectors {
  private n = 0;
  private cap: number;
  private ids: string[] = [];
  private readonly index = new Map<string, number>();
  private fpValue: Float32Array;
  private fpWeight: Float32Array; // conf x 0.5^(freshness / h); 0 when the factor is missing
  private profileDay: Float64Array; // profile updated_at, ms
  private validFrom: Float64Array;
  private validUntil: Float64Array;
  private noThanks: Array<string[] | null> = [];
  private hardConstraints: Array<Record<string, boolean> | null> = [];
  private patStart: Int32Array;
  private patCount: Uint8Array;
  private allWindows: Uint8Array; // union of every pattern's windows (no pattern for the activity)
  // Pattern pool (append only; a member's update writes new slots, a rebuild compacts).
  private pn = 0;
  private livePatterns = 0;
  private pcap: number;
  private patActivity: Int32Array;
  private patWeight: Float32Array; // conf x 0.5^(freshness / h)
  private patWindows: Uint8Array;
  private patMotives: Float32Array; // M per pattern, MOTIVES order
  private patMotiveNorm2: Float32Array;
  private patConsKnown: Uint32Array;
  private patConsTrue: Uint32Array;
  // Per activity, the members with a pattern for it (append only: a member who drops the pattern
  // stays listed and simply scores as having none).
  private readonly byActivity: Array<{ list: Int32Array; n: number; listed: Uint8Array }> = [];
  private readonly activityCodes = new Map<string, number>();
  private readonly constraintBits = new Map<string, number>();

  constructor(private readonly halfLifeDays: number, capacity = 1024) {
    this.cap = Math.max(16, capacity);
    this.fpValue = new Float32Array(this.cap * F);
    this.fpWeight = new Float32Array(this.cap * F);
    this.profileDay = new Float64Array(this.cap);
    this.validFrom = new Float64Array(this.cap);
    this.validUntil = new Float64Array(this.cap);
    this.patStart = new Int32Array(this.cap);
    this.patCount = new Uint8Array(this.cap);
    this.allWindows = new Uint8Array(this.cap);
    this.pcap = this.cap * 3;
    this.patActivity = new Int32Array(this.pcap);
    this.patWeight = new Float32Array(this.pcap);
    this.patWindows = new Uint8Array(this.pcap);
    this.patMotives = new Float32Array(this.pcap * M);
    this.patMotiveNorm2 = new Float32Array(this.pcap);
    this.patConsKnown = new Uint32Array(this.pcap);
    this.patConsTrue = new Uint32Array(this.pcap);
  }

  get size(): number {
    return this.n;
  }

  // Pattern slots no member points at any more (updates append); a rebuild starts afresh.
  get garbageRatio(): number {
    return this.pn === 0 ? 0 : 1 - this.livePatterns / this.pn;
  }

  has(userId: string): boolean {
    return this.index.has(userId);
  }

  // Adds or replaces a member.
  upsert(row: VectorRow): void {
    let i = this.index.get(row.userId);
    if (i !== undefined) this.livePatterns -= this.patCount[i];
    if (i === undefined) {
      if (this.n === this.cap) this.grow();
      i = this.n++;
      this.ids[i] = row.userId;
      this.index.set(row.userId, i);
    }
    const decay = (days: number) => Math.pow(0.5, Math.max(0, days) / this.halfLifeDays);
    for (let f = 0; f < F; f++) {
      const x = row.fingerprint[FINGERPRINT_FACTORS[f]];
      this.fpValue[i * F + f] = x ? x.range_value : 0;
      this.fpWeight[i * F + f] = x ? x.confidence * decay(x.freshness_days) : 0;
    }
    this.profileDay[i] = row.profileUpdatedMs;
    this.validFrom[i] = row.validFromMs;
    this.validUntil[i] = row.validUntilMs;
    this.noThanks[i] = row.boundaries.no_thanks?.length ? row.boundaries.no_thanks : null;
    const hard = row.boundaries.hard_constraints;
    this.hardConstraints[i] = hard && Object.keys(hard).length ? hard : null;
    const patterns = row.activityPatterns.slice(0, 255);
    if (this.pn + patterns.length > this.pcap) this.growPatterns(this.pn + patterns.length);
    this.patStart[i] = this.pn;
    this.patCount[i] = patterns.length;
    this.livePatterns += patterns.length;
    let all = 0;
    for (const p of patterns) {
      const k = this.pn++;
      const code = this.code(p.activity_key);
      this.patActivity[k] = code;
      this.list(code, i);
      this.patWeight[k] = p.confidence * decay(p.freshness_days);
      const mask = windowMask(p.preferred_windows);
      this.patWindows[k] = mask;
      all |= mask;
      let norm2 = 0;
      for (const w of Object.values(p.motive_weights)) norm2 += (w ?? 0) * (w ?? 0);
      for (let m = 0; m < M; m++) this.patMotives[k * M + m] = p.motive_weights[MOTIVES[m]] ?? 0;
      this.patMotiveNorm2[k] = norm2;
      let known = 0;
      let yes = 0;
      for (const [key, v] of Object.entries(p.constraints)) {
        const bit = this.bit(key);
        if (bit === 0) continue;
        known |= bit;
        if (v) yes |= bit;
      }
      this.patConsKnown[k] = known >>> 0;
      this.patConsTrue[k] = yes >>> 0;
    }
    this.allWindows[i] = all;
  }

  // The `limit` members with the best pre-score (0.6 friend + 0.4 moment, weights as set) whose
  // static filters pass now and whose boundaries allow the plan, best first. `boundaryTags` and
  // `constraints` are the plan's (filters.ts): a member saying no thanks to any is skipped.
  top(q: PrescoreQuery, boundaryTags: string[]): string[] {
    const now = q.now.getTime();
    const h = this.halfLifeDays;
    const brief = q.brief;
    const activity = this.activityCodes.get(brief.activity_key) ?? -1;
    // The group's vectors, decayed by their own age.
    const G = q.group.length;
    const gValue = new Float32Array(G * F);
    const gWeight = new Float32Array(G * F);
    q.group.forEach((g, j) => {
      const ageDecay = Math.pow(0.5, Math.max(0, g.ageDays) / h);
      for (let f = 0; f < F; f++) {
        const x = g.fingerprint[FINGERPRINT_FACTORS[f]];
        gValue[j * F + f] = x ? x.range_value : 0;
        gWeight[j * F + f] = x ? x.confidence * Math.pow(0.5, Math.max(0, x.freshness_days) / h) * ageDecay : 0;
      }
    });
    // windowFit of every window set, for this plan.
    const fit = new Float32Array(256);
    for (let mask = 0; mask < 256; mask++) fit[mask] = windowFit(maskWindows(mask), brief);
    const emphasis = new Float32Array(M);
    let emphasisNorm2 = 0;
    for (const w of Object.values(brief.motive_emphasis)) emphasisNorm2 += (w ?? 0) * (w ?? 0);
    for (let m = 0; m < M; m++) emphasis[m] = brief.motive_emphasis[MOTIVES[m] as keyof typeof brief.motive_emphasis] ?? 0;
    let briefKnown = 0;
    let briefTrue = 0;
    for (const [key, v] of Object.entries(brief.constraints)) {
      const bit = this.constraintBits.get(key) ?? 0;
      briefKnown |= bit;
      if (v) briefTrue |= bit;
    }
    const tags = new Set(boundaryTags);
    const wf = q.weights.friend;
    const wm = q.weights.moment;
    const limit = Math.max(1, q.limit);
    const heap = new TopHeap(limit);
    const { fpValue, fpWeight, profileDay, validFrom, validUntil, patStart, patCount, patActivity, patWeight, patWindows } = this;
    // The coarse part: with enough members who have a pattern for the activity, only they are
    // scored (a member without one loses 0.4 x at least 0.25 of moment_fit, rarely made up for by
    // friend_score; the bench measures what this costs against scoring everyone).
    const listed = this.byActivity[activity];
    const order = listed && listed.n >= limit * LISTED_ENOUGH ? listed.list : null;
    const count = order ? listed.n : this.n;
    for (let t = 0; t < count; t++) {
      const i = order ? order[t] : t;
      if (!(validFrom[i] <= now && now < validUntil[i])) continue;
      const age = Math.max(0, Math.floor((now - profileDay[i]) / DAY_MS));
      const d = age === 0 ? 1 : Math.pow(0.5, age / h);
      let friend = 0.5;
      if (G > 0) {
        friend = 0;
        for (let j = 0; j < G; j++) {
          let num = 0.5;
          let den = 1;
          for (let f = 0; f < F; f++) {
            const w = fpWeight[i * F + f] * gWeight[j * F + f] * d;
            num += w * (1 - Math.abs(fpValue[i * F + f] - gValue[j * F + f]));
            den += w;
          }
          friend += num / den;
        }
        friend /= G;
      }
      let k = -1;
      const start = patStart[i];
      const end = start + patCount[i];
      for (let p = start; p < end; p++) {
        if (patActivity[p] === activity) {
          k = p;
          break;
        }
      }
      let moment: number;
      if (k < 0) {
        moment = 0.25 * fit[this.allWindows[i]] + 0.2 * 0.5 + 0.15 * 0.5;
      } else {
        moment = 0.4 * patWeight[k] * d + 0.25 * fit[patWindows[k]] + 0.2 * this.motive(k, emphasis, emphasisNorm2) + 0.15 * this.constraintFit(k, briefKnown, briefTrue);
      }
      const score = wf * friend + wm * moment;
      if (!heap.wouldTake(score)) continue;
      if (q.exclude.has(this.ids[i]) || !this.boundariesAllow(i, tags, brief.constraints)) continue;
      heap.push(score, i);
    }
    return heap.sortedDesc().map((i) => this.ids[i]);
  }

  private motive(k: number, emphasis: Float32Array, emphasisNorm2: number): number {
    const norm2 = this.patMotiveNorm2[k];
    if (emphasisNorm2 === 0 || norm2 === 0) return 0.5;
    let dot = 0;
    for (let m = 0; m < M; m++) dot += emphasis[m] * this.patMotives[k * M + m];
    return dot / Math.sqrt(emphasisNorm2 * norm2);
  }

  private constraintFit(k: number, briefKnown: number, briefTrue: number): number {
    const shared = (briefKnown & this.patConsKnown[k]) >>> 0;
    if (shared === 0) return 1;
    const agree = (shared & ~(briefTrue ^ this.patConsTrue[k])) >>> 0;
    return popcount(agree) / popcount(shared);
  }

  private boundariesAllow(i: number, tags: Set<string>, stated: Record<string, boolean>): boolean {
    const no = this.noThanks[i];
    if (no) for (const t of no) if (tags.has(t)) return false;
    const hard = this.hardConstraints[i];
    if (hard) for (const [key, required] of Object.entries(hard)) if (required ? stated[key] !== true : stated[key] === true) return false;
    return true;
  }

  private list(code: number, i: number): void {
    let a = this.byActivity[code];
    if (!a) a = this.byActivity[code] = { list: new Int32Array(1024), n: 0, listed: new Uint8Array(this.cap) };
    if (a.listed.length < this.cap) {
      const listed = new Uint8Array(this.cap);
      listed.set(a.listed);
      a.listed = listed;
    }
    if (a.listed[i]) return;
    a.listed[i] = 1;
    if (a.n === a.list.length) {
      const list = new Int32Array(a.list.length * 2);
      list.set(a.list);
      a.list = list;
    }
    a.list[a.n++] = i;
  }

  private code(activityKey: string): number {
    let c = this.activityCodes.get(activityKey);
    if (c === undefined) {
      c = this.activityCodes.size;
      this.activityCodes.set(activityKey, c);
    }
    return c;
  }

  // Constraint keys get one bit each, 32 at most; keys beyond that are left out of the pre-score.
  private bit(key: string): number {
    let b = this.constraintBits.get(key);
    if (b === undefined) {
      b = this.constraintBits.size < 32 ? (1 << this.constraintBits.size) >>> 0 : 0;
      this.constraintBits.set(key, b);
    }
    return b;
  }

  private grow(): void {
    const cap = this.cap * 2;
    this.fpValue = Growable.f32(this.fpValue, cap * F);
    this.fpWeight = Growable.f32(this.fpWeight, cap * F);
    this.profileDay = grow64(this.profileDay, cap);
    this.validFrom = grow64(this.validFrom, cap);
    this.validUntil = grow64(this.validUntil, cap);
    const patStart = new Int32Array(cap);
    patStart.set(this.patStart);
    this.patStart = patStart;
    const patCount = new Uint8Array(cap);
    patCount.set(this.patCount);
    this.patCount = patCount;
    const allWindows = new Uint8Array(cap);
    allWindows.set(this.allWindows);
    this.allWindows = allWindows;
    this.cap = cap;
  }

  private growPatterns(needed: number): void {
    let pcap = this.pcap;
    while (pcap < needed) pcap *= 2;
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(pcap);
      b.set(a);
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(pcap);
      b.set(a);
      return b;
    };
    const u32 = (a: Uint32Array) => {
      const b = new Uint32Array(pcap);
      b.set(a);
      return b;
    };
    this.patActivity = i32(this.patActivity);
    this.patWeight = Growable.f32(this.patWeight, pcap);
    this.patWindows = u8(this.patWindows);
    this.patMotives = Growable.f32(this.patMotives, pcap * M);
    this.patMotiveNorm2 = Growable.f32(this.patMotiveNorm2, pcap);
    this.patConsKnown = u32(this.patConsKnown);
    this.patConsTrue = u32(this.patConsTrue);
    this.pcap = pcap;
  }
}

function grow64(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}

function windowMask(windows: readonly string[]): number {
  let mask = 0;
  for (const w of windows) {
    const i = (PREFERRED_WINDOWS as readonly string[]).indexOf(w);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

function maskWindows(mask: number): string[] {
  return PREFERRED_WINDOWS.filter((_, i) => (mask & (1 << i)) !== 0);
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

// The best `limit` (score, index) pairs seen: a min-heap on score.
class TopHeap {
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  private n = 0;

  constructor(private readonly limit: number) {
    this.scores = new Float64Array(limit);
    this.items = new Int32Array(limit);
  }

  wouldTake(score: number): boolean {
    return this.n < this.limit || score > this.scores[0];
  }

  push(score: number, item: number): void {
    if (this.n < this.limit) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= score) break;
        this.scores[i] = this.scores[parent];
        this.items[i] = this.items[parent];
        i = parent;
      }
      this.scores[i] = score;
      this.items[i] = item;
      return;
    }
    // Replace the root (the smallest) and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && this.scores[r] < this.scores[l] ? r : l;
      if (this.scores[c] >= score) break;
      this.scores[i] = this.scores[c];
      this.items[i] = this.items[c];
      i = c;
    }
    this.scores[i] = score;
    this.items[i] = item;
  }

  sortedDesc(): number[] {
    const order = Array.from({ length: this.n }, (_, i) => i);
    order.sort((a, b) => this.scores[b] - this.scores[a]);
    return order.map((i) => this.items[i]);
  }
}
