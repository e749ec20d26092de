import { ContactExchangeChoice } from './contact-exchange-choice.entity';
import { ContactExchange } from './contact-exchange.entity';

// The tables contact exchange owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const CONTACT_EXCHANGE_ENTITIES: Function[] = [ContactExchangeChoice, ContactExchange];
