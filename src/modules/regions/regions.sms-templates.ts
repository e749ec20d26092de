import type { SmsTemplateCatalog } from '../../common/sms-templates';
import { WAITLIST_REGION } from './demo-region';
import type { RegionRecord } from './regions.repository';
import { openedText, waitlistedText } from './regions.service';

const region = { slug: 'sf', displayName: 'San Francisco' } as RegionRecord;

export const smsTemplates: SmsTemplateCatalog = {
  module: 'regions',
  templates: ['waitlistedText', 'openedText'],
  render: () => ({
    waitlistedText: [waitlistedText(region), waitlistedText({ ...region, slug: WAITLIST_REGION.slug })],
    openedText: openedText(region),
  }),
};
