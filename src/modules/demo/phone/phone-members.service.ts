import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../../../common/logging/mask';
import { ConversationSessionsService, DevSmsService } from '../../conversation';
import { UsersService } from '../../identity';
import { ProfileService } from '../../profile';
import { DEMO_REGION, RegionsService } from '../../regions';
import { DemoError, DemoErrorCode } from '../demo.errors';
import { interviewAnswersFor, personaFor, PHONE_NUMBERS, type InterviewAnswers } from '../personas';

export interface AddedMember {
  userId: string;
  phone: string;
  firstName: string;
}

const CODE_WAIT_MS = 10_000;
// Before answering, the phone waits (this long at most) until what JOSH queued for it has arrived.
const READ_WAIT_MS = 8_000;
const MAX_INTERVIEW_TEXTS = 14;

// The phone simulator's members: "Add a member" registers and verifies a new persona in the demo
// region through the public routes (POST /v1/registrations, the code read from the SMS it sent, POST
// /v1/registrations/verify), so rate limits, validation and onboarding all take the real path.
@Injectable()
export class PhoneMembersService {
  private readonly log = new Logger('DevPhone');

  constructor(
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly devSms: DevSmsService,
    private readonly sessions: ConversationSessionsService,
    private readonly profiles: ProfileService,
  ) {}

  async add(origin: string): Promise<AddedMember> {
    // The demo region exists (it is seeded at start-up unless SEED_DEMO_REGION=false).
    if (!(await this.regions.findBySlug(DEMO_REGION.slug))) await this.regions.seedDemoRegion();
    const { phone, index } = await this.freeNumber();
    const persona = personaFor(index);
    const registered = (await postJson(origin, '/v1/registrations', 202, {
      phone, firstName: persona.firstName, lastName: persona.lastName, birthday: persona.birthday, zip: persona.zip,
      smsConsent: true, ageConsent: true, termsConsent: true, privacyConsent: true,
    })) as { verificationId?: string };
    const user = await this.users.findByPhoneE164(phone);
    if (!user) throw new DemoError(DemoErrorCode.RegistrationFailed, 'The registration stored no member.');
    const code = await this.receivedCode(user.id, phone);
    await postJson(origin, '/v1/registrations/verify', 200, { verificationId: registered.verificationId, code });
    await this.devSms.dispatchNow(); // the first interview question
    this.log.log({ msg: 'demo member added', phoneMasked: maskPhone(phone) });
    return { userId: user.id, phone, firstName: persona.firstName };
  }

  // Answers whatever interview question is pending, one text at a time through the signed webhook,
  // with the persona's answers to the core questions and "later" to the optional ones. Returns the
  // texts sent.
  async answerInterview(origin: string, userId: string, phone: string): Promise<string[]> {
    const answers = interviewAnswersFor(Math.max(0, PHONE_NUMBERS.indexOf(phone)));
    const sent: string[] = [];
    for (let i = 0; i < MAX_INTERVIEW_TEXTS; i++) {
      const session = await this.sessions.getSession(userId);
      const question = session?.mode === 'interviewing' ? this.profiles.interviewQuestionOf(session.stateToken) : null;
      if (!question) break;
      const text = question.core ? (answers[question.step as keyof InterviewAnswers] ?? 'skip') : 'later';
      await this.untilDelivered(userId, phone);
      await this.devSms.textAs(origin, phone, text);
      sent.push(text);
    }
    return sent;
  }

  // Waits for the member's queued texts to go out (the next question comes a few seconds after the
  // last core answer), so answers follow the questions they answer.
  private async untilDelivered(userId: string, phone: string): Promise<void> {
    for (const deadline = Date.now() + READ_WAIT_MS; Date.now() < deadline; ) {
      await this.devSms.dispatchNow();
      const lines = await this.devSms.thread(userId, phone, 20);
      if (!lines.some((l) => l.direction === 'out' && l.status === 'queued')) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  // The first simulator number nobody has.
  private async freeNumber(): Promise<{ phone: string; index: number }> {
    const taken = new Set((await this.users.findByPhoneE164s([...PHONE_NUMBERS])).map((u) => u.phoneE164));
    const index = PHONE_NUMBERS.findIndex((p) => !taken.has(p));
    if (index < 0) throw new DemoError(DemoErrorCode.NumbersExhausted, `All ${PHONE_NUMBERS.length} simulator numbers are taken.`);
    return { phone: PHONE_NUMBERS[index], index };
  }

  // The code as the phone received it: the verification SMS, once the dispatcher sent it.
  private async receivedCode(userId: string, phone: string): Promise<string> {
    for (const deadline = Date.now() + CODE_WAIT_MS; ; ) {
      await this.devSms.dispatchNow();
      const otp = (await this.devSms.thread(userId, phone, 20)).filter((l) => l.purpose === 'otp' && l.status !== 'queued').pop();
      const code = otp?.body ? /\b(\d{6})\b/.exec(otp.body)?.[1] : undefined;
      if (code) return code;
      if (Date.now() > deadline) throw new DemoError(DemoErrorCode.RegistrationFailed, 'The verification code was not sent in time.');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

// Calls one of the service's own public routes; anything but the expected status is reported with
// the route's own answer (a 429 from the per-IP limit, a 422 with the fields).
async function postJson(origin: string, path: string, expected: number, body: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  if (res.status !== expected) {
    throw new DemoError(DemoErrorCode.RegistrationFailed, `${path} answered ${res.status}: ${answer.message ?? answer.code ?? 'no message'}`, {
      status: res.status, routeCode: answer.code ?? null,
    });
  }
  return answer;
}
