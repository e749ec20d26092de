import type { FieldProblem } from '../../../common/errors';

// Server-rendered, mobile-first pages for /join. No script; plain form posts to the same
// endpoints the JSON API uses. Every value is escaped.

export type FormValues = Partial<Record<string, string>>;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d1d1f;background:#f6f5f2}
main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem 3rem}h1{font-size:1.6rem;margin:.5rem 0 0}p.lead{margin:.25rem 0 1.5rem;color:#555}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input[type=text],input[type=tel],input[type=email],input[type=date]{width:100%;padding:.75rem;font-size:1rem;border:1px solid #bbb;border-radius:.5rem;background:#fff}
.row{display:flex;gap:.75rem}.row>div{flex:1}.check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400;margin:.6rem 0}.check input{margin-top:.3rem;width:1.2rem;height:1.2rem}
button{width:100%;margin-top:1.5rem;padding:.9rem;font-size:1.05rem;font-weight:700;border:0;border-radius:.5rem;background:#1f6f4a;color:#fff}
.err{color:#b00020;font-size:.9rem;margin:.2rem 0 0}.box{padding:.75rem 1rem;border-radius:.5rem;background:#fff3cd;margin:1rem 0}.ok{background:#e3f4ea}
.code{letter-spacing:.4em;font-size:1.6rem;text-align:center}small{color:#666}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} - JOSH</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function fieldError(errors: FieldProblem[], field: string): string {
  const problem = errors.find((e) => e.field === field);
  return problem ? `<p class="err" id="${field}-err">${escapeHtml(problem.message)}</p>` : '';
}

function input(name: string, label: string, type: string, values: FormValues, errors: FieldProblem[], extra = ''): string {
  const invalid = errors.some((e) => e.field === name) ? ` aria-invalid="true" aria-describedby="${name}-err"` : '';
  return `<label for="${name}">${escapeHtml(label)}</label>
<input id="${name}" name="${name}" type="${type}" value="${escapeHtml(values[name])}"${invalid} ${extra}>${fieldError(errors, name)}`;
}

function consent(name: string, text: string, errors: FieldProblem[]): string {
  // Consents are never pre-ticked, even when the form is shown again.
  return `<label class="check"><input type="checkbox" name="${name}" value="on" required> <span>${escapeHtml(text)}</span></label>${fieldError(errors, name)}`;
}

export function renderJoinForm(values: FormValues = {}, errors: FieldProblem[] = []): string {
  const general = errors.filter((e) => !['phone', 'firstName', 'lastName', 'birthday', 'email', 'zip',
    'smsConsent', 'ageConsent', 'termsConsent', 'privacyConsent'].includes(e.field));
  return page('Join', `
<h1>Join JOSH</h1>
<p class="lead">Meet new friends over coffee, hikes and board games. Everything happens by text.</p>
${errors.length ? '<div class="box" role="alert">Please fix the highlighted fields.</div>' : ''}
${general.map((e) => `<p class="err">${escapeHtml(e.message)}</p>`).join('')}
<form method="post" action="/v1/registrations" novalidate>
${input('phone', 'Mobile number', 'tel', values, errors, 'autocomplete="tel" inputmode="tel" required')}
<div class="row"><div>${input('firstName', 'First name', 'text', values, errors, 'autocomplete="given-name" required')}</div>
<div>${input('lastName', 'Last name', 'text', values, errors, 'autocomplete="family-name" required')}</div></div>
${input('birthday', 'Birthday', 'date', values, errors, 'autocomplete="bday" required')}
${input('zip', 'ZIP code', 'text', values, errors, 'autocomplete="postal-code" inputmode="numeric" required')}
${input('email', 'Email (optional)', 'email', values, errors, 'autocomplete="email"')}
${consent('smsConsent', 'Text me about JOSH. Msg & data rates may apply; reply STOP to opt out.', errors)}
${consent('ageConsent', 'I am 18 or older.', errors)}
${consent('termsConsent', 'I agree to the Terms of Service.', errors)}
${consent('privacyConsent', 'I agree to the Privacy Policy.', errors)}
<button type="submit">Text me a code</button>
</form>`);
}

export function renderVerifyForm(phone: string, notice: { kind: 'ok' | 'warn'; text: string }): string {
  return page('Enter your code', `
<h1>Check your texts</h1>
<div class="box${notice.kind === 'ok' ? ' ok' : ''}" role="status">${escapeHtml(notice.text)}</div>
<form method="post" action="/v1/registrations/verify">
<input type="hidden" name="phone" value="${escapeHtml(phone)}">
<label for="code">6-digit code</label>
<input id="code" name="code" type="text" class="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<button type="submit">Verify</button>
</form>
<p><small>No code? Wait a moment, then <a href="/join">register again</a> to get a new one.</small></p>`);
}

export function renderVerified(membership: { status: 'active' | 'waitlisted'; region: string }): string {
  const text =
    membership.status === 'active'
      ? `You're in! JOSH is live in ${membership.region}. We just texted you the first question of your short interview.`
      : `You're verified and on the waitlist. JOSH isn't open in your area yet; we'll text you when it is. Meanwhile, answer the interview we just texted you.`;
  return page('Verified', `<h1>Welcome to JOSH</h1><div class="box ok" role="status">${escapeHtml(text)}</div>
<p>You can close this page. Everything else happens by text.</p>`);
}
