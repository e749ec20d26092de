export { type SmsTemplateCatalog, copyMethodNames, optOutInstruction } from './sms-template-catalog';
