import type { SmsTemplateCatalog } from '../../common/sms-templates';
import { contactsCopy } from './contacts-copy';

const names = ['Ada', 'Ben', 'Cleo'];

// Every SMS of contact exchange.
export const smsTemplates: SmsTemplateCatalog = {
  module: 'contact-exchange',
  templates: Object.keys(contactsCopy),
  render: () => ({
    prompt: [contactsCopy.prompt('coffee', names, 'https://josh.example/m/x'), contactsCopy.prompt('a hike', ['Ada'], 'https://josh.example/m/x')],
    question: [contactsCopy.question(names), contactsCopy.question(['Ada'])],
    where: [contactsCopy.where(3), contactsCopy.where(1)],
    notUnderstood: contactsCopy.notUnderstood(),
    saved: [contactsCopy.saved(true), contactsCopy.saved(false)],
    reask: [contactsCopy.reask(1), contactsCopy.reask(3)],
    gaveUp: contactsCopy.gaveUp(),
    closed: contactsCopy.closed(),
    link: contactsCopy.link('https://josh.example/m/x'),
    reveal: contactsCopy.reveal('coffee', 'Ada', '+14155550100'),
  }),
};
