// What other modules may use of contact exchange.
export { ContactExchangeModule } from './contact-exchange.module';
export { ContactChoicesService, type Choice, type ContactsState } from './contact-choices.service';
