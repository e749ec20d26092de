import { Injectable } from '@nestjs/common';
import type { ConversationMode } from '../../../database/enums';
import type {
  ConversationCommand, ConversationGate, IdleCommand, KeywordInterceptor, ModeHandler, OptOutListener,
} from '../conversation.contracts';
import { isInterceptableKeyword, type InterceptableKeyword } from './global-keywords';

// Everything feature modules plug into the router (ConversationRouter.register*), in one place so the
// router's parts (carrier keywords, the turn dispatcher) read the same registrations.
@Injectable()
export class RouterRegistry {
  readonly modeHandlers = new Map<ConversationMode, ModeHandler>();
  readonly tokenHandlers = new Map<string, ModeHandler>();
  readonly idleCommands: IdleCommand[] = [];
  readonly gates: ConversationGate[] = [];
  readonly commands: ConversationCommand[] = [];
  readonly optOutListeners: OptOutListener[] = [];
  readonly interceptors = new Map<InterceptableKeyword, KeywordInterceptor[]>();

  addModeHandler(mode: ConversationMode, handler: ModeHandler): void {
    if (mode === 'idle') throw new Error('idle mode is routed through commands and idle commands');
    if (this.modeHandlers.has(mode)) throw new Error(`a handler for mode ${mode} is already registered`);
    this.modeHandlers.set(mode, handler);
  }

  addTokenHandler(mode: ConversationMode, kind: string, handler: ModeHandler): void {
    if (mode === 'idle') throw new Error('idle mode is routed through commands and idle commands');
    const key = `${mode}:${kind}`;
    if (this.tokenHandlers.has(key)) throw new Error(`a handler for ${key} tokens is already registered`);
    this.tokenHandlers.set(key, handler);
  }

  addCommand(command: ConversationCommand): void {
    if (!/^[A-Z]+$/.test(command.name)) throw new Error(`command name ${command.name} must be one upper-case word`);
    if (this.commands.some((c) => c.name === command.name)) throw new Error(`command ${command.name} is already registered`);
    if (command.effect !== 'read_only' && !command.matches) {
      throw new Error(`command ${command.name}: a command that moves the member must say which texts it takes (matches)`);
    }
    if (command.readsAsRequest && command.effect !== 'starts_flow') throw new Error(`command ${command.name}: only a starts_flow command reads requests`);
    this.commands.push(command);
  }

  addInterceptor(interceptor: KeywordInterceptor): void {
    const word = String(interceptor.keyword);
    if (!isInterceptableKeyword(word)) throw new Error(`${word} cannot be intercepted: carriers require it to opt the member out`);
    this.interceptors.set(word, [...(this.interceptors.get(word) ?? []), interceptor]);
  }

  // The handler of a (mode, state token): a token kind's own handler, else the mode's. None in idle.
  handlerFor(mode: ConversationMode, stateToken: string): ModeHandler | undefined {
    if (mode === 'idle') return undefined;
    return this.tokenHandlers.get(`${mode}:${stateToken.split(':')[0]}`) ?? this.modeHandlers.get(mode);
  }

  // The command the whole text is, among those that can tell without running.
  matchCommand(text: string): ConversationCommand | undefined {
    return this.commands.find((c) => c.matches?.(text));
  }

  // A starts_flow command whose flow the text asks for ("hike sunday" for LINKUP).
  requestFor(text: string): ConversationCommand | undefined {
    return this.commands.find((c) => c.readsAsRequest?.(text));
  }

  // Commands that find out by running (no `matches`).
  tryByRunning(): ConversationCommand[] {
    return this.commands.filter((c) => !c.matches);
  }

  commandNamed(name: string): ConversationCommand | undefined {
    return this.commands.find((c) => c.name === name);
  }
}
