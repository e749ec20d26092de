// Every SMS template of a module, rendered with sample values, so the copy rules (no opt-out word
// as an instruction, PRODUCT.md section 4) are checked over all of them. Convention: a module puts
// its catalog in a file named `*.sms-templates.ts` exporting `smsTemplates`;
// test/foundation/sms-templates.test.ts finds every such file under src/, and also scans every
// string in src/ for the rule, so a template nobody catalogued is still checked.
export interface SmsTemplateCatalog {
  module: string;
  // The names of the module's templates, e.g. copyMethodNames(LinkupCopy): the test fails when one
  // of them is not rendered below, so a template added later must be added here too.
  templates: readonly string[];
  // Each template rendered with sample values (several variants allowed).
  render(): Record<string, string | string[]>;
  // The replies carriers require (HELP, opt-out and opt-in confirmations), sent only where the
  // provider has no keyword handling (SMS_KEYWORD_MODE=app). They stand in for the carrier's own
  // replies, which must say how to opt out, so they are the one place an opt-out word may appear.
  carrierReplies?: boolean;
}

// The public template methods of a copy class: every prototype method but the constructor and the
// private helpers named in `helpers`.
export function copyMethodNames(cls: { prototype: object }, helpers: readonly string[] = []): string[] {
  return Object.getOwnPropertyNames(cls.prototype).filter((name) => {
    if (name === 'constructor' || helpers.includes(name)) return false;
    const d = Object.getOwnPropertyDescriptor(cls.prototype, name);
    return typeof d?.value === 'function';
  });
}

// Opt-out words (Twilio's list) as an instruction: the word in capitals anywhere, or right after a
// verb of sending ("reply stop", 'text "quit"'). "Reply LATER to stop" is not one: the word is LATER.
const WORDS = 'STOP|STOPALL|UNSUBSCRIBE|END|QUIT|CANCEL|REVOKE|OPTOUT';
const CAPITALS = new RegExp(`(?<![A-Za-z])(${WORDS})(?![A-Za-z])`);
const AFTER_VERB = new RegExp(`\\b(text|txt|reply|send|respond|answer)(\\s+(with|back|us))?\\s+["'“‘]?(${WORDS})\\b`, 'i');

// The opt-out instruction in `body`, or null.
export function optOutInstruction(body: string): string | null {
  return CAPITALS.exec(body)?.[0] ?? AFTER_VERB.exec(body)?.[0] ?? null;
}
