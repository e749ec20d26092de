import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { optOutInstruction, type SmsTemplateCatalog } from '../../src/common/sms-templates';

// PRODUCT.md section 4: no text of ours ever asks a member to send an opt-out word (Twilio's list:
// STOP, STOPALL, UNSUBSCRIBE, END, QUIT, CANCEL, REVOKE, OPTOUT). With Twilio, CANCEL and the rest
// opt the member out at the carrier before our webhook runs, so "Text CANCEL" in our copy would
// unsubscribe a member who only meant to leave a LinkUp.
const SRC = join(__dirname, '../../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

// Every `*.sms-templates.ts` under src/ and every catalog it exports.
function catalogs(): Array<{ file: string; catalog: SmsTemplateCatalog }> {
  return filesUnder(SRC)
    .filter((f) => f.endsWith('.sms-templates.ts'))
    .flatMap((file) =>
      Object.values(require(file) as Record<string, unknown>)
        .filter((v): v is SmsTemplateCatalog => typeof v === 'object' && v !== null && 'render' in v && 'templates' in v)
        .map((catalog) => ({ file: relative(SRC, file), catalog })),
    );
}

// The text of every string and template literal of a file (a template's expressions as `{}`).
function stringLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) out.push(node.head.text + node.templateSpans.map((s) => `{}${s.literal.text}`).join(''));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const bodies = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

describe('SMS templates never ask a member to text an opt-out word', () => {
  const found = catalogs();

  it('finds a catalog in every module that sends SMS', () => {
    const modules = found.map((c) => c.catalog.module);
    for (const m of ['conversation', 'conversation (carrier replies)', 'linkups', 'profile', 'identity', 'regions']) expect(modules).toContain(m);
  });

  it('renders every template each catalog names (a template added later must be rendered too)', () => {
    for (const { file, catalog } of found) {
      const rendered = catalog.render();
      const missing = catalog.templates.filter((name) => !(name in rendered));
      expect({ file, missing }).toEqual({ file, missing: [] });
      for (const [name, v] of Object.entries(rendered)) for (const body of bodies(v)) expect({ file, name, empty: !body.trim() }).toEqual({ file, name, empty: false });
    }
  });

  it('no rendered template contains an opt-out word as an instruction', () => {
    const offenders = found
      .filter(({ catalog }) => !catalog.carrierReplies)
      .flatMap(({ file, catalog }) =>
        Object.entries(catalog.render()).flatMap(([name, v]) =>
          bodies(v).flatMap((body) => (optOutInstruction(body) ? [`${file} ${name}: "${optOutInstruction(body)}" in ${JSON.stringify(body)}`] : [])),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('only the carrier replies (app keyword mode) may say how to opt out, and they live in one file', () => {
    const carrier = found.filter((c) => c.catalog.carrierReplies);
    expect(carrier.map((c) => c.catalog.module)).toEqual(['conversation (carrier replies)']);
    expect(optOutInstruction(String(carrier[0].catalog.render().help))).toBe('STOP');
  });

  // A template nobody catalogued is still checked: every string of three words or more in src/.
  // Exempt, with the reason: the carrier replies; the keyword lists themselves; the web join page,
  // whose consent box must disclose the opt-out (it is a page, not an SMS).
  const EXEMPT = new Set([
    'modules/conversation/router/carrier-replies.ts',
    'modules/conversation/router/global-keywords.ts',
    'common/sms-templates/sms-template-catalog.ts',
    'modules/identity/registration/join-page.views.ts',
  ]);
  it('no string literal anywhere in src/ carries the instruction', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
      const rel = relative(SRC, file);
      if (EXEMPT.has(rel)) continue;
      for (const literal of stringLiterals(file)) {
        if (literal.trim().split(/\s+/).length < 3) continue;
        const hit = optOutInstruction(literal);
        if (hit) offenders.push(`${rel}: "${hit}" in ${JSON.stringify(literal.slice(0, 80))}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the rule catches the instructions it is for, and not "Reply LATER to stop"', () => {
    for (const bad of ['Text STOP to stop all JOSH texts.', "Can't make it? Text CANCEL.", 'reply stop to opt out', 'Send "quit" to leave', 'Text END']) {
      expect(optOutInstruction(bad)).not.toBeNull();
    }
    for (const ok of ['Reply LATER to stop.', "Can't make it? Text DROP.", 'Text NEVERMIND to stop', 'We will end the LinkUp', 'Reply YES to cancel']) {
      expect(optOutInstruction(ok)).toBeNull();
    }
  });
});
