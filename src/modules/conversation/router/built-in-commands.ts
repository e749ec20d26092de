import type { ConversationCommand, FlowView, InboundContext } from '../conversation.contracts';
import type { RouterRegistry } from './router-registry';
import type { SmsCopy } from './sms-copy';

// HELP and INFO are carrier keywords: the router answers them before anything else
// (TurnDispatcher.carrierHelp). These are the other ways members ask where they are.
const HELP_PHRASES = new Set([
  'help me', 'what is this', 'whats this', 'what is josh', 'whats josh', 'who is this', 'who are you', 'how does this work',
  'how does it work', 'what do i do', 'what do i do now', 'what now', 'im confused', 'i am confused', 'confused', 'i dont understand',
  'i need help', 'need help', 'help pls', 'help please', 'please help', 'what should i do', 'what do i text', 'where am i',
]);
const MENU_PHRASES = new Set(['menu', 'options', 'commands', 'keywords', 'what can i text', 'what can i do', 'what can i say', 'the menu', 'main menu']);

// "What is this?!" -> "what is this"
export function normaliseCommandText(text: string): string {
  return text
    .slice(0, 100)
    .toLowerCase()
    .replace(/[\u2018\u2019'`]/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// The router's own commands: HELP in context (its non-carrier phrasings) and MENU, both read-only.
export class BuiltInCommands {
  constructor(
    private readonly registry: RouterRegistry,
    private readonly copy: SmsCopy,
    private readonly describe: (ctx: InboundContext) => Promise<FlowView>,
  ) {}

  commands(): ConversationCommand[] {
    return [
      {
        name: 'HELP',
        effect: 'read_only',
        matches: (text) => HELP_PHRASES.has(normaliseCommandText(text)),
        run: async (ctx) => ctx.reply(this.copy.helpLine((await this.describe(ctx)).where)),
        menu: 'HELP - where you are',
        menuRank: 90,
      },
      {
        name: 'MENU',
        effect: 'read_only',
        matches: (text) => MENU_PHRASES.has(normaliseCommandText(text)),
        run: (ctx) => ctx.reply(this.menuText(false)),
      },
    ];
  }

  // What a member can text: every registered command's MENU line.
  menuText(inFlow: boolean): string {
    const lines = this.registry.commands
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.menu)
      .sort((a, b) => (a.c.menuRank ?? 50) - (b.c.menuRank ?? 50) || a.i - b.i)
      .map(({ c }) => c.menu!);
    return this.copy.menu(lines, inFlow);
  }
}
